package dev.sluice.table;

import dev.sluice.db.Sql;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Splits a source table into key-range chunks of about {@code chunkRows} rows (fewer when rows are wide, so a chunk
 * stays under {@code chunkBytes}), after Flink CDC's ChunkSplitter: a single-column integer key whose values are
 * dense enough is cut arithmetically between MIN and MAX (BigInteger, so BIGINT UNSIGNED extremes are exact); any
 * other key (sparse or skewed integers, composite, string, temporal, binary) is walked with
 * {@code ORDER BY key LIMIT 1 OFFSET n} boundary queries over the key index. The first chunk has no lower bound and
 * the last no upper bound, so every row of the table falls in exactly one chunk. Walks force the key's index.
 * The one chunk planner of the full copy and verification: chunks follow the table's {@link RowIdentity}; a
 * keyless table is one whole-table chunk, a key with a column that is not {@link Column#orderable()} one chunk
 * without bounds.
 */
public final class ChunkPlanner {
    /** Largest (key range / estimated rows) for which evenly cut ranges are still about the right size. */
    static final double DENSE_FACTOR = 4.0;

    private final long chunkRows;
    private final long chunkBytes;

    public ChunkPlanner(long chunkRows, long chunkBytes) {
        if (chunkRows < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("options.full_copy.chunk_rows and chunk_bytes must be positive");
        }
        this.chunkRows = chunkRows;
        this.chunkBytes = chunkBytes;
    }

    /** Rows per chunk for this table: chunk_rows, or fewer when chunk_rows rows would exceed chunk_bytes. */
    public long rowsPerChunk(TableModel t) {
        long byBytes = t.averageRowBytes() > 0 ? Math.max(1, chunkBytes / t.averageRowBytes()) : Long.MAX_VALUE;
        return Math.max(1, Math.min(chunkRows, byBytes));
    }

    /**
     * The chunks of the table on its row identity {@code id}, seq 0.. in key order. {@code source} is a plain
     * (text) session on the server holding the rows.
     */
    public List<Chunk> plan(Connection source, TableModel t, RowIdentity id) throws SQLException {
        TableRef ref = t.ref();
        if (!id.keyed()) {
            return List.of(new Chunk(ref, 0, null, null, t.estimatedRows(), true));
        }
        long r = rowsPerChunk(t);
        if (!id.columns().stream().allMatch(Column::orderable)) {
            return List.of(new Chunk(ref, 0, null, null, Math.max(t.estimatedRows(), 1), false));
        }
        // statistics can be stale (0 right after a load): unless they say clearly more, count up to r + 1 rows
        if (t.estimatedRows() <= 2 * r && countUpTo(source, t, r + 1) <= r) {
            return List.of(new Chunk(ref, 0, null, null, Math.min(r, Math.max(t.estimatedRows(), 1)), false));
        }
        List<List<String>> bounds = null;
        if (id.columns().size() == 1 && id.columns().get(0).isInteger()) {
            bounds = evenIntegerBounds(source, t, id, r);
        }
        if (bounds == null) {
            bounds = walkedBounds(source, t, id, r);
        }
        List<Chunk> chunks = new ArrayList<>(bounds.size() + 1);
        List<String> lo = null;
        int seq = 0;
        for (List<String> b : bounds) {
            chunks.add(new Chunk(ref, seq++, lo, b, r, false));
            lo = b;
        }
        chunks.add(new Chunk(ref, seq, lo, null, r, false));
        return chunks;
    }

    private static String from(TableModel t) {
        return Sql.id(t.database(), t.table());
    }

    private static String keyList(RowIdentity id) {
        return id.columns().stream().map(c -> Sql.id(c.name())).collect(Collectors.joining(", "));
    }

    private static long countUpTo(Connection c, TableModel t, long limit) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT 1 FROM "
                + from(t) + " LIMIT " + limit + ") x")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Evenly spaced integer bounds when the key is dense enough (range / rows at most {@link #DENSE_FACTOR});
     * null when it is not (sparse or skewed keys are walked instead).
     */
    List<List<String>> evenIntegerBounds(Connection c, TableModel t, RowIdentity id, long r) throws SQLException {
        String k = Sql.id(id.columns().get(0).name());
        String min;
        String max;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + from(t))) {
            rs.next();
            min = rs.getString(1);
            max = rs.getString(2);
        }
        if (min == null) {
            return List.of();
        }
        BigInteger lo = new BigInteger(min);
        BigInteger hi = new BigInteger(max);
        BigInteger range = hi.subtract(lo).add(BigInteger.ONE);
        long rows = t.estimatedRows();
        if (rows <= 0) {
            return null;
        }
        double factor = range.doubleValue() / rows;
        if (factor > DENSE_FACTOR) {
            return null;
        }
        BigInteger step = BigInteger.valueOf(Math.max(1, (long) Math.ceil(r * Math.max(factor, 1.0))));
        List<List<String>> out = new ArrayList<>();
        for (BigInteger b = lo.add(step); b.compareTo(hi) <= 0; b = b.add(step)) {
            out.add(List.of(b.toString()));
        }
        return out;
    }

    /** Bounds found by walking the key index: the key at offset r, 2r, ... in key order. */
    List<List<String>> walkedBounds(Connection c, TableModel t, RowIdentity id, long r) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        String keys = keyList(id);
        String from = from(t) + " FORCE INDEX (" + Sql.id(id.keyName()) + ")";
        List<String> lo = null;
        while (true) {
            KeyRange p = KeyRange.of(id.columns(), lo, null);
            String sql = "SELECT " + keys + " FROM " + from + " WHERE " + p.sql() + " ORDER BY " + keys
                    + " LIMIT 1 OFFSET " + r;
            List<String> next;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                p.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return out;
                    }
                    next = KeyValues.read(rs, 1, id.columns());
                }
            }
            out.add(next);
            lo = next;
        }
    }
}
