package dev.sluice.fullcopy;

import dev.sluice.db.Endpoints;
import dev.sluice.task.EndpointSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The session settings that make the copy bit-exact and fast. Source: UTC {@code time_zone}, an empty
 * {@code sql_mode}, and {@code character_set_results = NULL} so every value arrives as the bytes stored, in its
 * column's own character set. Destination: UTC, a strict {@code sql_mode} that still accepts zero dates and keeps
 * explicit zero AUTO_INCREMENT values, {@code foreign_key_checks=0}, READ COMMITTED (range deletes take no gap
 * locks, so parallel chunks of one table never deadlock), and {@code sql_log_bin=0} unless the task wants the copy
 * in the destination's binlog.
 */
public final class CopySessions {
    private CopySessions() {
    }

    /** A source connection for streaming chunk reads. */
    public static Connection source(EndpointSpec source) throws SQLException {
        Connection c = Endpoints.open(source, null, Map.of("useServerPrepStmts", "false",
                "netTimeoutForStreamingResults", "3600"));
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00', sql_mode = '', character_set_results = NULL, "
                    + "net_write_timeout = 3600");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A plain source connection (text values in utf8mb4) for planning: key bounds, statistics. */
    public static Connection planning(EndpointSpec source) throws SQLException {
        Connection c = Endpoints.open(source, null, Map.of());
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00', sql_mode = ''");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The destination sql_mode: strict, so a value the destination would change is an error; explicit zero
     * AUTO_INCREMENT values kept; and, like the replication session (incremental.DestinationSessions), every date
     * the source may hold accepted - zero dates and zero parts (no NO_ZERO_DATE / NO_ZERO_IN_DATE) and invalid days
     * (ALLOW_INVALID_DATES: any session of the source may have set it, the global sql_mode does not tell).
     */
    public static String destinationSqlMode() {
        return "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";
    }

    /** A destination connection set up for loading (autocommit off). */
    public static Connection destination(EndpointSpec destination, String sqlMode, boolean binlog,
                                         boolean uniqueChecks) throws SQLException {
        Map<String, String> props = new java.util.HashMap<>(Endpoints.STREAM_ONLY_LOCAL_INFILE);
        props.put("rewriteBatchedStatements", "true");
        props.put("useServerPrepStmts", "false");
        Connection c = Endpoints.openWatched(destination, props);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00', sql_mode = '" + sqlMode.replace("'", "")
                    + "', foreign_key_checks = 0, unique_checks = " + (uniqueChecks ? 1 : 0));
            if (!binlog) {
                try {
                    st.execute("SET SESSION sql_log_bin = 0");
                } catch (SQLException e) {
                    throw new SQLException("the destination user may not set sql_log_bin (" + e.getMessage()
                            + "); grant it SYSTEM_VARIABLES_ADMIN (MySQL 8) / SUPER, or set "
                            + "options.full_copy.destination_binlog: true to copy through the binlog", e);
                }
            }
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
