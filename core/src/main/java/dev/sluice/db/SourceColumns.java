package dev.sluice.db;

import dev.sluice.state.TaskItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The columns of source tables as binlog rows are decoded without full row metadata: names in table order and
 * whether each is an unsigned number (ADR 0041). The full copy stores them as they are at the hand-off position
 * ({@link Snapshot}, {@code TASK#<id>/HANDOFFSCHEMA}), so the incremental phase's schema history starts there.
 */
public final class SourceColumns {
    /** State-table sort key of the hand-off's column snapshot. */
    public static final String HANDOFF_SK = TaskItem.HANDOFF_SCHEMA.sk();

    /** One column: its name and whether it is an unsigned number. */
    public record Column(String name, boolean unsigned) {
    }

    /** The selected tables' columns ({@code db.table} -> columns) at binlog position {@code file:position}. */
    public record Snapshot(String file, long position, Map<String, List<Column>> tables) {
    }

    private SourceColumns() {
    }

    /**
     * Columns of every selected table, or of {@code onlyDb.onlyTable} when given, from information_schema, by
     * {@code db.table}.
     */
    public static Map<String, List<Column>> read(Connection source, BiPredicate<String, String> selected,
                                                 String onlyDb, String onlyTable) throws SQLException {
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')"
                + (onlyDb == null ? "" : " AND TABLE_SCHEMA = ? AND TABLE_NAME = ?")
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION";
        Map<String, List<Column>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = source.prepareStatement(sql)) {
            if (onlyDb != null) {
                ps.setString(1, onlyDb);
                ps.setString(2, onlyTable);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String db = rs.getString(1);
                    String table = rs.getString(2);
                    if (!selected.test(db, table)) {
                        continue;
                    }
                    String type = rs.getString(4).toLowerCase();
                    out.computeIfAbsent(db + "." + table, k -> new ArrayList<>())
                            .add(new Column(rs.getString(3), type.contains("unsigned")));
                }
            }
        }
        return out;
    }
}
