package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import dev.sluice.table.MappedColumn;
import java.nio.charset.StandardCharsets;
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
 * The check behind the size detector (ADR 0074). A document whose binary size matches its text can still hold
 * typed scalars: an UNSIGNED INTEGER up to 2^63-1 is stored in as many bytes as the INTEGER its text parses to, a
 * DECIMAL of 8 bytes like the DOUBLE of its text (and typed scalars whose size differences cancel out). No SQL
 * function tells a scalar's type but {@code JSON_TYPE} of one path ({@code JSON_TABLE} over all scalars costs about
 * 1 ms per row), so rows of keyed tables whose text holds a number or a temporal-looking string stay in the fast
 * path and are probed once the chunk is streamed: the source's {@code JSON_TYPE} at each such scalar, read by key
 * for many rows of the same shape per statement. A row whose types differ from what its text parses to (or that is gone) is written
 * again by the typed slow path ({@link TypedJsonRows}), in the same destination transaction.
 */
final class JsonTypeProbe {
    private final TableInfo t;
    private final int[] json;
    private final List<byte[][]> rows = new ArrayList<>();
    private final List<boolean[]> probe = new ArrayList<>();

    JsonTypeProbe(TableInfo t, int[] json) {
        this.t = t;
        this.json = json;
    }

    /** A row copied by the fast path whose JSON columns {@code columns} (indexes into the JSON columns) hide types. */
    void add(byte[][] row, boolean[] columns) {
        rows.add(row);
        probe.add(columns);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * The probed rows whose source types differ from their text's, each with the JSON columns to write typed
     * (indexes into the JSON columns); a row missing on the source (deleted since the read) is returned too. Rows
     * whose documents have the same scalar paths (the common case: one shape per table) share statements.
     */
    Map<byte[][], boolean[]> typedRows(Connection source) throws SQLException {
        Map<byte[][], boolean[]> out = new LinkedHashMap<>();
        for (int k = 0; k < json.length; k++) {
            Map<List<String>, List<Integer>> shapes = new LinkedHashMap<>();
            Map<Integer, List<String>> expected = new HashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                byte[] doc = rows.get(r)[json[k]];
                if (!probe.get(r)[k] || doc == null) {
                    continue;
                }
                List<String> paths = new ArrayList<>();
                List<String> types = new ArrayList<>();
                for (JsonTextScalars.Scalar s : JsonTextScalars.of(new String(doc, StandardCharsets.UTF_8))) {
                    paths.add(s.path());
                    types.add(JsonTextScalars.parsedType(s));
                }
                shapes.computeIfAbsent(paths, x -> new ArrayList<>()).add(r);
                expected.put(r, types);
            }
            for (var shape : shapes.entrySet()) {
                List<String> paths = shape.getKey();
                for (int from = 0; from < paths.size(); from += TypedJsonRows.PATHS_PER_QUERY) {
                    int to = Math.min(paths.size(), from + TypedJsonRows.PATHS_PER_QUERY);
                    List<Integer> all = shape.getValue();
                    for (int r0 = 0; r0 < all.size(); r0 += ROWS_PER_STATEMENT) {
                        run(source, k, paths.subList(from, to), from, all.subList(r0,
                                Math.min(all.size(), r0 + ROWS_PER_STATEMENT)), expected, out);
                    }
                }
            }
        }
        return out;
    }

    /** Rows asked per statement ({@code key IN (...)}, one index lookup each). */
    static final int ROWS_PER_STATEMENT = 1000;

    private void run(Connection source, int k, List<String> paths, int offset, List<Integer> batch,
                     Map<Integer, List<String>> expected, Map<byte[][], boolean[]> out) throws SQLException {
        String c = Sql.id(t.columns().get(json[k]).name());
        StringBuilder sql = new StringBuilder("SELECT ");
        for (MappedColumn key : t.key()) {
            sql.append(ChunkCopier.selectExpression(key)).append(", ");
        }
        sql.append("CONCAT_WS(','");
        for (int i = 0; i < paths.size(); i++) {
            sql.append(", IFNULL(JSON_TYPE(JSON_EXTRACT(").append(c).append(", ?)), '-')");
        }
        sql.append(") FROM ").append(Sql.id(t.source().database(), t.source().table())).append(" WHERE (")
                .append(String.join(", ", t.key().stream().map(m -> Sql.id(m.name())).toList())).append(") IN (");
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(t.key().size(), "?")) + ")";
        sql.append(String.join(", ", java.util.Collections.nCopies(batch.size(), tuple))).append(')');
        Map<String, Integer> byKey = new HashMap<>();
        try (PreparedStatement ps = source.prepareStatement(sql.toString())) {
            int p = 1;
            for (String path : paths) {
                ps.setString(p++, path);
            }
            for (int r : batch) {
                for (MappedColumn key : t.key()) {
                    ChunkCopier.bindCopied(ps, p++, key.kind(), rows.get(r)[t.columns().indexOf(key)]);
                }
                byKey.put(keyOf(rows.get(r)), r);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[][] key = new byte[t.key().size()][];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = rs.getBytes(i + 1);
                    }
                    Integer r = byKey.remove(TypedJsonRows.content(key));
                    if (r != null && !sameTypes(expected.get(r).subList(offset, offset + paths.size()),
                            rs.getString(key.length + 1))) {
                        flag(out, r, k);
                    }
                }
            }
        }
        for (int r : byKey.values()) {
            flag(out, r, k); // gone from the source: the slow path tells the chunk to be copied again
        }
    }

    private String keyOf(byte[][] row) {
        byte[][] key = new byte[t.key().size()][];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[t.columns().indexOf(t.key().get(i))];
        }
        return TypedJsonRows.content(key);
    }

    private void flag(Map<byte[][], boolean[]> out, int row, int k) {
        out.computeIfAbsent(rows.get(row), r -> new boolean[json.length])[k] = true;
    }

    private static boolean sameTypes(List<String> expected, String types) {
        String[] got = types == null ? new String[0] : types.split(",", -1);
        return java.util.Arrays.asList(got).equals(expected);
    }
}
