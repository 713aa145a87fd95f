package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import dev.sluice.table.MappedColumn;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * for many rows per statement. A row whose types differ from what its text parses to (or that is gone) is written
 * again by the typed slow path ({@link TypedJsonRows}), in the same destination transaction.
 */
final class JsonTypeProbe {
    /** Paths asked per statement (each probe row is one UNION ALL branch, looked up by its key). */
    static final int PATHS_PER_STATEMENT = 1000;

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

    /** One branch of a probe statement: paths {@code scalars} of JSON column {@code k} of row {@code row}. */
    private record Branch(int row, int k, List<JsonTextScalars.Scalar> scalars) {
    }

    /**
     * The probed rows whose source types differ from their text's, each with the JSON columns to write typed
     * (indexes into the JSON columns); a row missing on the source (deleted since the read) is returned too.
     */
    Map<byte[][], boolean[]> typedRows(Connection source) throws SQLException {
        Map<byte[][], boolean[]> out = new LinkedHashMap<>();
        List<Branch> pending = new ArrayList<>();
        int paths = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < json.length; k++) {
                byte[] doc = rows.get(r)[json[k]];
                if (!probe.get(r)[k] || doc == null) {
                    continue;
                }
                List<JsonTextScalars.Scalar> all = JsonTextScalars.of(new String(doc, StandardCharsets.UTF_8));
                for (int from = 0; from < all.size(); from += TypedJsonRows.PATHS_PER_QUERY) {
                    List<JsonTextScalars.Scalar> part = all.subList(from,
                            Math.min(all.size(), from + TypedJsonRows.PATHS_PER_QUERY));
                    pending.add(new Branch(r, k, part));
                    paths += part.size();
                    if (paths >= PATHS_PER_STATEMENT) {
                        run(source, pending, out);
                        pending.clear();
                        paths = 0;
                    }
                }
            }
        }
        if (!pending.isEmpty()) {
            run(source, pending, out);
        }
        return out;
    }

    private void run(Connection source, List<Branch> branches, Map<byte[][], boolean[]> out) throws SQLException {
        StringBuilder sql = new StringBuilder();
        String table = Sql.id(t.source().database(), t.source().table());
        for (int b = 0; b < branches.size(); b++) {
            String c = Sql.id(t.columns().get(json[branches.get(b).k()]).name());
            sql.append(b == 0 ? "" : " UNION ALL ").append("SELECT ").append(b).append(", CONCAT_WS(','");
            for (int i = 0; i < branches.get(b).scalars().size(); i++) {
                sql.append(", IFNULL(JSON_TYPE(JSON_EXTRACT(").append(c).append(", ?)), '-')");
            }
            sql.append(") FROM ").append(table).append(" WHERE ");
            for (int i = 0; i < t.key().size(); i++) {
                sql.append(i == 0 ? "" : " AND ").append(Sql.id(t.key().get(i).name())).append(" <=> ?");
            }
        }
        boolean[] seen = new boolean[branches.size()];
        try (PreparedStatement ps = source.prepareStatement(sql.toString())) {
            int p = 1;
            for (Branch b : branches) {
                for (JsonTextScalars.Scalar s : b.scalars()) {
                    ps.setString(p++, s.path());
                }
                for (MappedColumn key : t.key()) {
                    ChunkCopier.bindCopied(ps, p++, key.kind(), rows.get(b.row())[t.columns().indexOf(key)]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int b = rs.getInt(1);
                    seen[b] = true;
                    if (!sameTypes(branches.get(b).scalars(), rs.getString(2))) {
                        flag(out, branches.get(b));
                    }
                }
            }
        }
        for (int b = 0; b < seen.length; b++) {
            if (!seen[b]) {
                flag(out, branches.get(b)); // gone from the source: the slow path tells the chunk to be copied again
            }
        }
    }

    private void flag(Map<byte[][], boolean[]> out, Branch b) {
        out.computeIfAbsent(rows.get(b.row()), r -> new boolean[json.length])[b.k()] = true;
    }

    private static boolean sameTypes(List<JsonTextScalars.Scalar> scalars, String types) {
        String[] got = types == null ? new String[0] : types.split(",", -1);
        if (got.length != scalars.size()) {
            return false;
        }
        for (int i = 0; i < got.length; i++) {
            if (!got[i].equals(JsonTextScalars.parsedType(scalars.get(i)))) {
                return false;
            }
        }
        return true;
    }
}
