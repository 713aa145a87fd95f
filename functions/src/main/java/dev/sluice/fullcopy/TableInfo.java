package dev.sluice.fullcopy;

import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.db.Columns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the full copy knows about one source table: the copied columns (generated columns left out), the key that
 * chunks it (primary key, else the narrowest unique key over NOT NULL columns, else none), the destination names
 * and the size estimates from information_schema.
 */
public record TableInfo(TableRef source, String destinationDatabase, String destinationTable,
                        List<ColumnInfo> columns, List<ColumnInfo> key, String keyName,
                        long estimatedRows, long averageRowBytes) {

    public boolean hasKey() {
        return !key.isEmpty();
    }

    /** Reads the table's columns, keys and statistics from the source's information_schema. */
    public static TableInfo read(Connection source, TableRef t, ObjectFilter filter, NameMapping mapping)
            throws SQLException {
        Map<String, ColumnInfo> all = new LinkedHashMap<>();
        List<ColumnInfo> copied = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, "
                + "COALESCE(EXTRA, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String extra = rs.getString(5).toUpperCase();
                    ColumnInfo c = new ColumnInfo(name, mapping.column(t.database(), t.table(), name),
                            rs.getString(2), rs.getString(3), "YES".equals(rs.getString(4)));
                    all.put(name, c);
                    boolean generated = Columns.isGenerated(extra);
                    if (!generated && filter.includesColumn(t.database(), t.table(), name)) {
                        copied.add(c);
                    }
                }
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("table " + t + " does not exist on the source or has no columns the "
                    + "Sluice user can see; check the task's objects and the user's SELECT grant");
        }
        // unique indexes: name -> columns in order, and whether usable (all NOT NULL, no prefix)
        Map<String, List<ColumnInfo>> uniques = new LinkedHashMap<>();
        Map<String, Boolean> usable = new LinkedHashMap<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME, SUB_PART "
                + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 "
                + "ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String idx = rs.getString(1);
                    ColumnInfo c = all.get(rs.getString(2));
                    uniques.computeIfAbsent(idx, k -> new ArrayList<>());
                    boolean ok = c != null && !c.nullable() && rs.getObject(3) == null;
                    usable.merge(idx, ok, Boolean::logicalAnd);
                    if (c != null) {
                        uniques.get(idx).add(c);
                    }
                }
            }
        }
        List<ColumnInfo> key = List.of();
        String keyName = null;
        for (var e : uniques.entrySet()) {
            if (!usable.get(e.getKey())) {
                continue;
            }
            // every key column must be copied, else a retried chunk could not delete exactly its own rows
            boolean allCopied = e.getValue().stream().allMatch(copied::contains);
            if (!allCopied) {
                continue;
            }
            if ("PRIMARY".equals(e.getKey())) {
                key = e.getValue();
                keyName = e.getKey();
                break;
            }
            if (key.isEmpty() || e.getValue().size() < key.size()) {
                key = e.getValue();
                keyName = e.getKey();
            }
        }
        long rows = 0;
        long avg = 0;
        try (PreparedStatement ps = source.prepareStatement("SELECT COALESCE(TABLE_ROWS, 0), "
                + "COALESCE(AVG_ROW_LENGTH, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    rows = rs.getLong(1);
                    avg = rs.getLong(2);
                }
            }
        }
        return new TableInfo(t, mapping.database(t.database()), mapping.table(t.database(), t.table()),
                List.copyOf(copied), List.copyOf(key), keyName, rows, avg);
    }

    /** The selected base tables of the source, in name order (system schemas never). */
    public static List<TableRef> selected(Connection source, ObjectFilter filter) throws SQLException {
        List<TableRef> out = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM "
                + "information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                + "('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY TABLE_SCHEMA, TABLE_NAME");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (filter.includesTable(rs.getString(1), rs.getString(2))) {
                    out.add(new TableRef(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }
}
