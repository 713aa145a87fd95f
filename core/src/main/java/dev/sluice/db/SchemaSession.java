package dev.sluice.db;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The destination session that schema DDL and index builds run in: utf8mb4, the destination's sql_mode without
 * the zero-date checks (so tables holding zero dates can be created and altered), no foreign-key checks,
 * {@code utf8mb4_general_ci} and the system time zone. Used by the schema phase and by the copy worker that builds
 * a table's deferred indexes.
 */
public final class SchemaSession {
    private SchemaSession() {
    }

    /** {@code mode} without NO_ZERO_DATE and NO_ZERO_IN_DATE, upper case. */
    public static String withoutZeroDateChecks(String mode) {
        List<String> kept = new ArrayList<>();
        for (String f : mode.split(",")) {
            String u = f.strip().toUpperCase(Locale.ROOT);
            if (!u.isEmpty() && !u.equals("NO_ZERO_DATE") && !u.equals("NO_ZERO_IN_DATE")) {
                kept.add(u);
            }
        }
        return String.join(",", kept);
    }

    /** Prepares a session for index builds under {@code sqlMode}. */
    public static void prepare(Statement st, String sqlMode) throws SQLException {
        st.execute("SET NAMES utf8mb4");
        st.execute("SET SESSION sql_mode = " + Sql.literal(sqlMode) + ", foreign_key_checks = 0, "
                + "collation_connection = 'utf8mb4_general_ci', time_zone = 'SYSTEM'");
    }
}
