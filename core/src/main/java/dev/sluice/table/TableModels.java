package dev.sluice.table;

import dev.sluice.task.ObjectFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@link TableModel}s from a server's information_schema: three queries (TABLES, COLUMNS, STATISTICS) for a
 * whole set of schemas, or for one table. Planning hundreds of tables therefore costs three round trips, not three
 * per table.
 */
public final class TableModels {
    private static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private TableModels() {
    }

    /** Databases Sluice never migrates. */
    public static boolean isSystemDatabase(String name) {
        return SYSTEM.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The selected base tables of the server, in (database, name) order; system schemas never. */
    public static List<TableRef> selected(Connection c, ObjectFilter filter) throws SQLException {
        List<TableRef> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM "
                + "information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String db = rs.getString(1);
                if (!isSystemDatabase(db) && filter.includesTable(db, rs.getString(2))) {
                    out.add(new TableRef(db, rs.getString(2)));
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Every base table of the given databases, by reference (sorted). */
    public static Map<TableRef, TableModel> readSchemas(Connection c, Collection<String> databases)
            throws SQLException {
        if (databases.isEmpty()) {
            return Map.of();
        }
        return read(c, List.copyOf(new java.util.TreeSet<>(databases)), null);
    }

    /** One table, empty when it does not exist or the account sees none of its columns. */
    public static Optional<TableModel> read(Connection c, TableRef table) throws SQLException {
        Map<TableRef, TableModel> found = read(c, List.of(table.database()), table.table());
        TableModel exact = found.get(table);
        if (exact != null) {
            return Optional.of(exact);
        }
        // the server matched the name case-insensitively (lower_case_table_names): the name as it is stored
        return found.values().stream().filter(m -> m.database().equalsIgnoreCase(table.database())
                && m.table().equalsIgnoreCase(table.table())).findFirst();
    }

    /** Like {@link #read(Connection, TableRef)}, failing with {@code what} names the table and how to fix it. */
    public static TableModel require(Connection c, TableRef table, String whatToDo) throws SQLException {
        return read(c, table).orElseThrow(() -> new IllegalStateException("table " + table + " does not exist or "
                + "has no columns the user can see; " + whatToDo));
    }

    private static Map<TableRef, TableModel> read(Connection c, List<String> dbs, String onlyTable)
            throws SQLException {
        String where = " WHERE TABLE_SCHEMA IN (" + String.join(", ", java.util.Collections.nCopies(dbs.size(), "?"))
                + ")" + (onlyTable == null ? "" : " AND TABLE_NAME = ?");
        Map<TableRef, long[]> stats = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(TABLE_ROWS, 0), "
                + "COALESCE(AVG_ROW_LENGTH, 0) FROM information_schema.TABLES" + where
                + " AND TABLE_TYPE = 'BASE TABLE'")) {
            try (ResultSet rs = query(ps, dbs, onlyTable)) {
                while (rs.next()) {
                    stats.put(new TableRef(rs.getString(1), rs.getString(2)),
                            new long[] {rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        Map<TableRef, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, "
                + "ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH, "
                + "CHARACTER_OCTET_LENGTH, CHARACTER_SET_NAME, COLLATION_NAME, COALESCE(EXTRA, ''), "
                + "GENERATION_EXPRESSION FROM information_schema.COLUMNS" + where
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
            try (ResultSet rs = query(ps, dbs, onlyTable)) {
                while (rs.next()) {
                    TableRef t = new TableRef(rs.getString(1), rs.getString(2));
                    if (!stats.containsKey(t)) {
                        continue; // a view
                    }
                    String extra = rs.getString(12);
                    Column.Generation g = Column.Generation.of(extra);
                    String expr = rs.getString(13);
                    columns.computeIfAbsent(t, k -> new ArrayList<>()).add(new Column(rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), "YES".equalsIgnoreCase(rs.getString(7)),
                            nullableLong(rs, 8), nullableLong(rs, 9), rs.getString(10),
                            rs.getString(11), g, g == Column.Generation.NONE || expr == null || expr.isEmpty()
                                    ? null : expr, extra.toUpperCase(Locale.ROOT).contains("INVISIBLE")));
                }
            }
        }
        Map<TableRef, Map<String, List<Object[]>>> parts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, "
                + "COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS" + where
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
            try (ResultSet rs = query(ps, dbs, onlyTable)) {
                while (rs.next()) {
                    TableRef t = new TableRef(rs.getString(1), rs.getString(2));
                    parts.computeIfAbsent(t, k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(3), k -> new ArrayList<>())
                            .add(new Object[] {rs.getLong(4) == 0, rs.getString(5), nullableLong(rs, 6)});
                }
            }
        }
        Map<TableRef, TableModel> out = new TreeMap<>();
        for (Map.Entry<TableRef, List<Column>> e : columns.entrySet()) {
            List<Key> keys = new ArrayList<>();
            parts.getOrDefault(e.getKey(), Map.of()).forEach((name, ps) -> {
                List<String> cols = new ArrayList<>();
                List<Long> prefixes = new ArrayList<>();
                for (Object[] p : ps) {
                    cols.add((String) p[1]);
                    prefixes.add((Long) p[2]);
                }
                keys.add(new Key(name, (Boolean) ps.get(0)[0], cols, prefixes));
            });
            keys.sort(Comparator.comparing((Key k) -> !k.primary()).thenComparing(Key::name));
            long[] s = stats.get(e.getKey());
            out.put(e.getKey(), new TableModel(e.getKey(), e.getValue(), keys, s[0], s[1]));
        }
        return out;
    }

    private static ResultSet query(PreparedStatement ps, List<String> dbs, String onlyTable) throws SQLException {
        int i = 1;
        for (String db : dbs) {
            ps.setString(i++, db);
        }
        if (onlyTable != null) {
            ps.setString(i, onlyTable);
        }
        return ps.executeQuery();
    }

    private static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
    }
}
