package dev.sluice.verification;

import dev.sluice.db.Endpoints;
import dev.sluice.task.EndpointSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Opens the connections verification and repair use, with session settings that make both sides print values
 * the same way: UTC time zone (TIMESTAMP), utf8mb4, a sql_mode that accepts every stored value back
 * (zero dates, explicit 0 in AUTO_INCREMENT columns), no statement time limit, a bounded chunk text.
 */
public final class Sessions {
    /**
     * Longest chunk text a checksum folds at once (bytes, {@code group_concat_max_len}); a longer chunk is folded
     * per row instead (RowSql). Bounds the server memory one chunk checksum takes.
     */
    static final long CHUNK_TEXT_LIMIT = 64L << 20;

    private Sessions() {
    }

    public static Connection open(EndpointSpec endpoint) throws SQLException {
        Connection c = Endpoints.open(endpoint, null, Map.of("sessionVariables", "time_zone='+00:00'"));
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', SESSION foreign_key_checks = 0, "
                    + "SESSION group_concat_max_len = " + CHUNK_TEXT_LIMIT);
            try {
                st.execute("SET SESSION max_execution_time = 0");
            } catch (SQLException mariaDb) {
                st.execute("SET SESSION max_statement_time = 0");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
