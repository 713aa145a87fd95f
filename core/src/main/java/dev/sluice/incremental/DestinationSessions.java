package dev.sluice.incremental;

import dev.sluice.db.Endpoints;
import dev.sluice.db.TriggerGuard;
import dev.sluice.task.EndpointSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Opens destination connections with the session the applier needs: UTC time zone (binlog temporal values are
 * decoded as UTC), no foreign key checks (rows arrive per key, not per constraint order), READ COMMITTED (no gap
 * locks between parallel workers) and, unless the task asks for it, no binlog of the applied rows. The sql_mode
 * accepts every value a source can have stored (zero dates, zero parts, invalid days: no NO_ZERO_DATE,
 * NO_ZERO_IN_DATE, with ALLOW_INVALID_DATES; a 0 in an AUTO_INCREMENT column stays 0); sessions that write rows
 * are also STRICT_ALL_TABLES, so a value the destination would change (a narrower column, a smaller range) is an
 * error that stops the task ({@link RejectedValues}) instead of a warning. The session that replays DDL is not
 * strict: the source has already run that statement under its own sql_mode.
 */
public final class DestinationSessions {
    static final String SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";
    static final String ROW_SQL_MODE = SQL_MODE + ",STRICT_ALL_TABLES";

    private DestinationSessions() {
    }

    /** A session for applying rows: strict (see the class comment); the endpoint's read timeout, and watched. */
    public static Connection openForRows(EndpointSpec destination, boolean destinationBinlog) throws SQLException {
        return open(Endpoints.openWatched(destination, Map.of()), destinationBinlog, ROW_SQL_MODE);
    }

    /**
     * A session for replaying DDL and keeping checkpoints: not strict; a replayed ALTER TABLE may run for hours, so
     * it is bounded by the destination's liveness, not by the read timeout.
     */
    public static Connection open(EndpointSpec destination, boolean destinationBinlog) throws SQLException {
        return open(Endpoints.openForLongStatements(destination, Map.of()), destinationBinlog, SQL_MODE);
    }

    private static Connection open(Connection c, boolean destinationBinlog, String sqlMode)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            // @sluice_replicating: destination triggers created by the schema phase skip rows this session writes
            // (the source's trigger already made its changes, which arrive through the binlog too; ADR 0021)
            st.execute("SET time_zone = '+00:00', foreign_key_checks = 0, sql_mode = '" + sqlMode + "', "
                    + TriggerGuard.VARIABLE + " = 1");
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            if (!destinationBinlog) {
                try {
                    st.execute("SET sql_log_bin = 0");
                } catch (SQLException e) {
                    // the account lacks SUPER / SYSTEM_VARIABLES_ADMIN: applied rows go to the destination binlog
                }
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.setAutoCommit(false);
        return c;
    }
}
