package dev.sluice.incremental;

import dev.sluice.db.Endpoints;
import dev.sluice.task.EndpointSpec;
import dev.sluice.schema.ObjectDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Opens destination connections with the session the applier needs: UTC time zone (binlog temporal values are
 * decoded as UTC), no foreign key checks (rows arrive per key, not per constraint order), a permissive sql_mode
 * (values are what the source stored), READ COMMITTED (no gap locks between parallel workers) and, unless the task
 * asks for it, no binlog of the applied rows.
 */
public final class DestinationSessions {
    static final String SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";

    private DestinationSessions() {
    }

    public static Connection open(EndpointSpec destination, boolean destinationBinlog) throws SQLException {
        Connection c = Endpoints.open(destination, null, Map.of("socketTimeout", "600000"));
        try (Statement st = c.createStatement()) {
            // @sluice_replicating: destination triggers created by the schema phase skip rows this session writes
            // (the source's trigger already made its changes, which arrive through the binlog too; ADR 0021)
            st.execute("SET time_zone = '+00:00', foreign_key_checks = 0, sql_mode = '" + SQL_MODE + "', "
                    + ObjectDdl.REPLICATING_VARIABLE + " = 1");
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
