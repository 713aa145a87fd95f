package dev.sluice.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs small parameterised catalog queries (information_schema and the like) and returns their rows as strings. */
public final class Queries {
    private Queries() {
    }

    /**
     * Every row of {@code sql}, run as a prepared statement with {@code params} bound as strings in order; each row
     * holds all columns as {@link ResultSet#getString(int)} returns them (SQL NULL stays {@code null}).
     */
    public static List<String[]> rows(Connection conn, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<String[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] r = new String[n];
                    for (int i = 0; i < n; i++) {
                        r[i] = rs.getString(i + 1);
                    }
                    out.add(r);
                }
            }
            return out;
        }
    }
}
