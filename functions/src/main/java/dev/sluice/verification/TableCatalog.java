package dev.sluice.verification;

import dev.sluice.db.ServerInfo;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.TaskSpec;
import dev.sluice.db.Columns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a task selects on the source and describes each for verification: compared columns (the
 * task's column selection, generated columns left out since they derive from the others), destination names
 * from the name mapping, and the key (the primary key, else the narrowest unique key over NOT NULL columns).
 */
public final class TableCatalog {
    private static final Set<String> SYSTEM_DBS = Set.of("mysql", "information_schema", "performance_schema", "sys");
    private static final Pattern JSON_VALID = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)",
            Pattern.CASE_INSENSITIVE);

    private TableCatalog() {
    }

    /** Every selected base table of the source, in name order. */
    public static List<TableTarget> targets(TaskSpec spec, Connection source, ServerInfo sourceInfo,
                                            Connection dest, ServerInfo destInfo) throws SQLException {
        ObjectFilter filter = spec.filter();
        List<String[]> names = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM "
                + "information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String db = rs.getString(1);
                String t = rs.getString(2);
                if (!SYSTEM_DBS.contains(db.toLowerCase(Locale.ROOT)) && filter.includesTable(db, t)) {
                    names.add(new String[] {db, t});
                }
            }
        }
        List<TableTarget> out = new ArrayList<>();
        for (String[] n : names) {
            out.add(describe(spec, n[0], n[1], source, sourceInfo, dest, destInfo));
        }
        return out;
    }

    /** One table; fails with a message naming what is missing on the destination. */
    public static TableTarget describe(TaskSpec spec, String db, String table, Connection source,
                                       ServerInfo sourceInfo, Connection dest, ServerInfo destInfo)
            throws SQLException {
        NameMapping mapping = spec.mappingOrNone();
        ObjectFilter filter = spec.filter();
        String destDb = mapping.database(db);
        String destTable = mapping.table(db, table);
        JsonMode jsonMode = jsonMode(sourceInfo, destInfo);

        Map<String, String> destTypes = columnCharsets(dest, destDb, destTable);
        if (destTypes.isEmpty()) {
            throw new IllegalStateException("table " + destDb + "." + destTable + " (for source " + db + "." + table
                    + ") does not exist on the destination; run the schema phase or fix the task's mapping");
        }
        Set<String> jsonCols = sourceInfo.isMariaDb() ? mariaDbJsonColumns(source, db, table) : Set.of();
        List<ColumnInfo> columns = new ArrayList<>();
        Set<String> sourceCharsets = new HashSet<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, "
                + "IS_NULLABLE, EXTRA, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String extra = rs.getString(5) == null ? "" : rs.getString(5).toUpperCase(Locale.ROOT);
                    if (Columns.isGenerated(extra) || !filter.includesColumn(db, table, name)) {
                        continue;
                    }
                    ColumnKind kind = jsonCols.contains(name) ? ColumnKind.JSON : ColumnKind.of(rs.getString(2));
                    String destName = mapping.column(db, table, name);
                    if (!destTypes.containsKey(destName.toLowerCase(Locale.ROOT))) {
                        throw new IllegalStateException("column " + destName + " of " + destDb + "." + destTable
                                + " (source " + db + "." + table + "." + name + ") does not exist on the "
                                + "destination; add it or leave it out with objects[].columns");
                    }
                    String charset = rs.getString(6) == null ? "" : rs.getString(6);
                    boolean convert = !charset.equals(destTypes.get(destName.toLowerCase(Locale.ROOT)));
                    if (isText(kind)) {
                        sourceCharsets.add(charset);
                    }
                    columns.add(new ColumnInfo(name, destName, kind, rs.getString(3),
                            "YES".equals(rs.getString(4)), convert));
                }
            }
        }
        if (sourceCharsets.size() > 1) {
            // CONCAT_WS refuses to mix character sets of equal coercibility: hash all text as utf8mb4
            columns.replaceAll(c -> new ColumnInfo(c.sourceName(), c.destName(), c.kind(), c.columnType(),
                    c.nullable(), c.convert() || isText(c.kind())));
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("table " + db + "." + table + " has no selected columns to compare");
        }
        List<ColumnInfo> key = new ArrayList<>();
        String keyIndex = chooseKey(source, db, table, columns, key);
        return new TableTarget(db, table, destDb, destTable, List.copyOf(columns), List.copyOf(key), keyIndex,
                jsonMode, !filter.columns(db, table).isEmpty(),
                sourceInfo.isMySqlAtLeast(8, 0, 0) && destInfo.isMySqlAtLeast(8, 0, 0));
    }

    private static boolean isText(ColumnKind k) {
        return k == ColumnKind.STRING || k == ColumnKind.TEXT || k == ColumnKind.ENUM_SET;
    }

    /** Whether both servers print JSON the same way, and how. */
    public static JsonMode jsonMode(ServerInfo source, ServerInfo dest) {
        if (!source.isMariaDb() && !dest.isMariaDb()
                && (source.compare(8, 0, 0) >= 0) == (dest.compare(8, 0, 0) >= 0)) {
            // 5.7 prints an integral double in JSON as 17500, 8.0 as 17500.0: only the same generation agrees
            return JsonMode.MYSQL_CANONICAL;
        }
        if (source.isMariaDb() && dest.isMariaDb() && source.compare(10, 7, 0) >= 0 && dest.compare(10, 7, 0) >= 0) {
            return JsonMode.MARIADB_NORMALIZE;
        }
        return JsonMode.JAVA;
    }

    /** Destination columns (lower-case name) with their character set ("" for non-text columns). */
    private static Map<String, String> columnCharsets(Connection c, String db, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, CHARACTER_SET_NAME FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2) == null ? "" : rs.getString(2));
                }
            }
        }
        return out;
    }

    /** MariaDB stores JSON as LONGTEXT with a json_valid() check; those columns are JSON for comparison. */
    private static Set<String> mariaDbJsonColumns(Connection c, String db, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                + "WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = JSON_VALID.matcher(rs.getString(1));
                    if (m.matches()) {
                        out.add(m.group(1).replace("``", "`"));
                    }
                }
            }
        }
        return out;
    }

    /** Fills {@code key} with the chosen key's columns and returns the index name (null when keyless). */
    private static String chooseKey(Connection c, String db, String table, List<ColumnInfo> columns,
                                    List<ColumnInfo> key) throws SQLException {
        Map<String, List<String>> indexCols = new LinkedHashMap<>();
        Set<String> unusable = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART "
                + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    String col = rs.getString(3);
                    if (rs.getInt(2) != 0 || col == null || rs.getObject(4) != null) {
                        unusable.add(index);
                        continue;
                    }
                    indexCols.computeIfAbsent(index, k -> new ArrayList<>()).add(col);
                }
            }
        }
        List<Map.Entry<String, List<ColumnInfo>>> candidates = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : indexCols.entrySet()) {
            if (unusable.contains(e.getKey())) {
                continue;
            }
            List<ColumnInfo> cols = new ArrayList<>();
            for (String name : e.getValue()) {
                columns.stream().filter(ci -> ci.sourceName().equalsIgnoreCase(name) && !ci.nullable())
                        .findFirst().ifPresent(cols::add);
            }
            if (cols.size() == e.getValue().size()) {
                candidates.add(Map.entry(e.getKey(), cols));
            }
        }
        candidates.sort(Comparator.<Map.Entry<String, List<ColumnInfo>>, Boolean>comparing(
                        e -> !e.getKey().equals("PRIMARY"))
                .thenComparing(e -> !e.getValue().stream().allMatch(ci -> ci.kind().chunkable()))
                .thenComparing(e -> e.getValue().size()));
        if (candidates.isEmpty()) {
            return null;
        }
        key.addAll(candidates.get(0).getValue());
        return candidates.get(0).getKey();
    }
}
