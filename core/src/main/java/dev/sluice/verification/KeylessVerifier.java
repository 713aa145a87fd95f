package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.table.Chunk;
import dev.sluice.throttle.Throttler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies a table without a usable key: one checksum of the whole table per side; when they differ (after the
 * replication re-checks), the two sides' multisets of row hashes ({@code GROUP BY hash}), reporting the surplus
 * count per hash.
 */
final class KeylessVerifier {
    private final ConnectionPool pool;
    private final Throttler throttle;
    private final VerifyOptions options;
    private final ReplicationSync sync;

    KeylessVerifier(ConnectionPool pool, Throttler throttle, VerifyOptions options, ReplicationSync sync) {
        this.pool = pool;
        this.throttle = throttle;
        this.options = options;
        this.sync = sync;
    }

    ChunkOutcome compare(TableTarget t) throws SQLException, InterruptedException {
        Connection src = pool.borrow(Side.SOURCE);
        Connection dst = null;
        boolean broken = true;
        try {
            dst = pool.borrow(Side.DESTINATION);
            Chunk all = new Chunk(t.model().ref(), 0, null, null, t.model().estimatedRows(), true);
            throttle.acquire(0, 0);
            ChunkChecksum s = TableVerifier.checksum(src, new RowSql(t, Side.SOURCE), all);
            throttle.acquire(s.rows(), 0);
            BinlogPosition p = sync.position(src);
            ChunkChecksum d = TableVerifier.checksum(dst, new RowSql(t, Side.DESTINATION), all);
            boolean rechecked = false;
            for (int i = 0; i < options.recheckAttempts() && !s.sameAs(d); i++) {
                rechecked = true;
                sync.await(p, src);
                s = TableVerifier.checksum(src, new RowSql(t, Side.SOURCE), all);
                p = sync.position(src);
                d = TableVerifier.checksum(dst, new RowSql(t, Side.DESTINATION), all);
            }
            if (s.sameAs(d)) {
                broken = false;
                return new ChunkOutcome(s.rows(), d.rows(), rechecked, List.of());
            }
            List<Difference> diffs = List.of();
            for (int i = 0; i <= options.recheckAttempts(); i++) {
                if (i > 0) {
                    sync.await(p, src);
                }
                Map<String, Long> sc = hashCounts(src, new RowSql(t, Side.SOURCE));
                p = sync.position(src);
                Map<String, Long> dc = hashCounts(dst, new RowSql(t, Side.DESTINATION));
                diffs = multisetDiff(sc, dc);
                s = new ChunkChecksum(sc.values().stream().mapToLong(Long::longValue).sum(), "");
                d = new ChunkChecksum(dc.values().stream().mapToLong(Long::longValue).sum(), "");
                if (diffs.isEmpty()) {
                    break;
                }
            }
            broken = false;
            return new ChunkOutcome(s.rows(), d.rows(), true, diffs);
        } finally {
            pool.release(Side.SOURCE, src, broken);
            pool.release(Side.DESTINATION, dst, broken);
        }
    }

    private static Map<String, Long> hashCounts(Connection c, RowSql sql) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.hashCounts()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static List<Difference> multisetDiff(Map<String, Long> src, Map<String, Long> dst) {
        List<Difference> out = new ArrayList<>();
        java.util.Set<String> hashes = new java.util.TreeSet<>(src.keySet());
        hashes.addAll(dst.keySet());
        for (String h : hashes) {
            long delta = src.getOrDefault(h, 0L) - dst.getOrDefault(h, 0L);
            if (delta > 0) {
                out.add(Difference.keyless(Difference.Kind.MISSING, h, delta));
            } else if (delta < 0) {
                out.add(Difference.keyless(Difference.Kind.EXTRA, h, -delta));
            }
        }
        return out;
    }
}
