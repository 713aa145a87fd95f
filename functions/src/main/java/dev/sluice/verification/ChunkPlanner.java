package dev.sluice.verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a keyed table into key ranges of about {@code chunkRows} rows on the source. A single integer key that is
 * dense (max - min within 2x the row estimate) is split arithmetically from MIN/MAX without reading the table;
 * any other key is walked ({@code ORDER BY key LIMIT 1 OFFSET n} from the previous boundary). Boundary values are
 * exact text (BigInteger arithmetic), so BIGINT UNSIGNED and DECIMAL keys keep every digit. Keys that cannot be
 * ranged give one chunk.
 */
final class ChunkPlanner {
    private ChunkPlanner() {
    }

    static List<Chunk> plan(Connection source, TableTarget t, long chunkRows) throws SQLException {
        if (!t.chunkable()) {
            return List.of(Chunk.whole());
        }
        List<Chunk> dense = denseIntegerRanges(source, t, chunkRows);
        if (dense != null) {
            return dense;
        }
        RowSql sql = new RowSql(t, Side.SOURCE);
        String select = "SELECT " + String.join(", ", t.key().stream().map(sql::fetched).toList())
                + " FROM " + t.quoted(Side.SOURCE) + " FORCE INDEX (" + dev.sluice.db.Sql.id(t.keyIndex()) + ")";
        List<List<String>> bounds = new ArrayList<>();
        List<String> lower = null;
        while (true) {
            Chunk from = new Chunk(0, lower, null);
            String q = select + sql.rangeWhere(from) + " ORDER BY " + sql.keyList() + " LIMIT 1 OFFSET " + chunkRows;
            try (PreparedStatement ps = source.prepareStatement(q)) {
                Values.bindAll(ps, sql.rangeParamKinds(from), RowSql.rangeParams(from));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    List<String> b = new ArrayList<>();
                    for (int i = 0; i < t.key().size(); i++) {
                        b.add(Values.read(rs, i + 1, t.key().get(i).kind()));
                    }
                    bounds.add(b);
                    lower = b;
                }
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i <= bounds.size(); i++) {
            chunks.add(new Chunk(i, i == 0 ? null : bounds.get(i - 1), i == bounds.size() ? null : bounds.get(i)));
        }
        return chunks;
    }

    /** Arithmetic ranges for a dense single-column integer key, or null when the key is not such. */
    private static List<Chunk> denseIntegerRanges(Connection source, TableTarget t, long chunkRows)
            throws SQLException {
        if (t.key().size() != 1 || t.key().get(0).kind() != ColumnKind.INTEGER) {
            return null;
        }
        String k = dev.sluice.db.Sql.id(t.key().get(0).sourceName());
        java.math.BigInteger min;
        java.math.BigInteger max;
        try (PreparedStatement ps = source.prepareStatement("SELECT CAST(MIN(" + k + ") AS CHAR), CAST(MAX(" + k
                + ") AS CHAR) FROM " + t.quoted(Side.SOURCE));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getString(1) == null) {
                return List.of(Chunk.whole());
            }
            min = new java.math.BigInteger(rs.getString(1));
            max = new java.math.BigInteger(rs.getString(2));
        }
        long estimate;
        try (PreparedStatement ps = source.prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.sourceDb());
            ps.setString(2, t.sourceTable());
            try (ResultSet rs = ps.executeQuery()) {
                estimate = rs.next() ? rs.getLong(1) : 0;
            }
        }
        java.math.BigInteger span = max.subtract(min).add(java.math.BigInteger.ONE);
        if (estimate <= 0 || span.compareTo(java.math.BigInteger.valueOf(estimate).shiftLeft(1)) > 0) {
            return null; // sparse or unknown: walk the key instead
        }
        long count = Math.max(1, (estimate + chunkRows - 1) / chunkRows);
        java.math.BigInteger step = span.add(java.math.BigInteger.valueOf(count - 1))
                .divide(java.math.BigInteger.valueOf(count)).max(java.math.BigInteger.ONE);
        List<Chunk> chunks = new ArrayList<>();
        List<String> lower = null;
        java.math.BigInteger next = min.add(step);
        int seq = 0;
        while (next.compareTo(max) <= 0) {
            List<String> upper = List.of(next.toString());
            chunks.add(new Chunk(seq++, lower, upper));
            lower = upper;
            next = next.add(step);
        }
        chunks.add(new Chunk(seq, lower, null));
        return chunks;
    }
}
