package dev.sluice.incremental;

import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import dev.sluice.db.Columns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves source tables to {@link TargetTable}s by reading the destination's information_schema once per table
 * and schema version (the cache is dropped after every DDL).
 */
public final class TargetTables {
    private final Connection destination;
    private final ObjectFilter filter;
    private final NameMapping mapping;
    private final Map<String, TargetTable> cache = new HashMap<>();

    public TargetTables(Connection destination, ObjectFilter filter, NameMapping mapping) {
        this.destination = destination;
        this.filter = filter;
        this.mapping = mapping;
    }

    public void invalidate() {
        cache.clear();
    }

    /** The target of a source table whose binlog rows have these columns. */
    public TargetTable resolve(String sourceDb, String sourceTable, List<SourceColumn> columns) throws SQLException {
        String cacheKey = sourceDb + "." + sourceTable + "#" + columns.hashCode();
        TargetTable t = cache.get(cacheKey);
        if (t == null) {
            t = load(sourceDb, sourceTable, columns);
            cache.put(cacheKey, t);
        }
        return t;
    }

    private record DestColumn(String name, String charset, String dataType, boolean generated, long octets) {
    }

    private TargetTable load(String srcDb, String srcTable, List<SourceColumn> sourceColumns) throws SQLException {
        String db = mapping.database(srcDb);
        String table = mapping.table(srcDb, srcTable);
        Map<String, DestColumn> dest = new LinkedHashMap<>();
        try (PreparedStatement ps = destination.prepareStatement("SELECT COLUMN_NAME, CHARACTER_SET_NAME, DATA_TYPE, "
                + "EXTRA, CHARACTER_OCTET_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(4) == null ? "" : rs.getString(4).toUpperCase();
                    dest.put(rs.getString(1).toLowerCase(), new DestColumn(rs.getString(1), rs.getString(2),
                            rs.getString(3).toLowerCase(), Columns.isGenerated(extra), rs.getLong(5)));
                }
            }
        }
        if (dest.isEmpty()) {
            throw new IllegalStateException("destination table " + db + "." + table + " (for source table " + srcDb
                    + "." + srcTable + ") does not exist; create it (sluice runs the schema phase for this) or "
                    + "leave the table out of the task's objects");
        }
        List<TargetTable.Column> cols = new ArrayList<>();
        Map<String, Integer> sourceIndexByDest = new HashMap<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            String src = sourceColumns.get(i).name();
            if (!filter.includesColumn(srcDb, srcTable, src)) {
                continue;
            }
            String destName = mapping.column(srcDb, srcTable, src);
            DestColumn d = dest.get(destName.toLowerCase());
            if (d == null) {
                throw new IllegalStateException("column " + src + " of source table " + srcDb + "." + srcTable
                        + " has no destination column " + db + "." + table + "." + destName + "; add it on the "
                        + "destination or leave it out of the task's column selection");
            }
            sourceIndexByDest.put(d.name().toLowerCase(), i);
            if (d.generated()) {
                continue;
            }
            cols.add(new TargetTable.Column(i, d.name(), charset(d.charset()), d.dataType(),
                    "binary".equals(d.dataType()) ? (int) d.octets() : 0));
        }
        Map<String, List<String>> unique = new LinkedHashMap<>();
        try (PreparedStatement ps = destination.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME FROM "
                + "information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 "
                + "ORDER BY INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<String> pk = unique.get("PRIMARY");
        int[] key = null;
        if (pk != null) {
            key = new int[pk.size()];
            for (int i = 0; i < pk.size(); i++) {
                Integer idx = sourceIndexByDest.get(pk.get(i).toLowerCase());
                if (idx == null) {
                    key = null;
                    break;
                }
                key[i] = idx;
            }
        }
        TargetTable.Mode mode = key == null ? TargetTable.Mode.KEYLESS
                : unique.size() > 1 ? TargetTable.Mode.ORDERED : TargetTable.Mode.COMPACT;
        List<String> keyNames = key == null ? List.of() : pk.stream().map(n -> dest.get(n.toLowerCase()).name()).toList();
        return new TargetTable(srcDb, srcTable, db, table, List.copyOf(cols), key == null ? new int[0] : key,
                keyNames, mode);
    }

    /** Java charset for decoding a text column's binlog bytes; null keeps bytes (binary or unknown charsets). */
    static Charset charset(String mysqlCharset) {
        if (mysqlCharset == null) {
            return null;
        }
        return switch (mysqlCharset.toLowerCase()) {
            case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
            case "ascii" -> StandardCharsets.US_ASCII;
            // latin1 (MySQL's is cp1252 with 5 extra code points), ucs2, utf16 ...: the bytes go as they are
            default -> null;
        };
    }
}
