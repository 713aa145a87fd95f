package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.table.Chunk;
import dev.sluice.table.ChunkPlanner;
import dev.sluice.throttle.Throttler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Verifies one table: checksums every key range on both sides in parallel, re-reads differing chunks after the
 * replication has passed the moment they were read (so in-flight changes converge instead of being reported),
 * compares the rows of chunks that still differ, re-reads those rows the same way, and reconciles rows that sit
 * in different ranges on the two sides (collation order). Keyless tables are compared as multisets of row hashes.
 */
final class TableVerifier {
    private static final int KEY_BATCH = 200;

    private final ConnectionPool pool;
    private final ExecutorService executor;
    private final Throttler throttle;
    private final VerifyOptions options;
    private final BinlogCheckpoint checkpoint;
    private final ServerInfo sourceInfo;
    private final boolean replicating;
    private final VerifyProgress progress;

    TableVerifier(ConnectionPool pool, ExecutorService executor, Throttler throttle, VerifyOptions options,
                  BinlogCheckpoint checkpoint, ServerInfo sourceInfo, VerifyProgress progress) {
        this.pool = pool;
        this.executor = executor;
        this.throttle = throttle;
        this.options = options;
        this.checkpoint = checkpoint;
        this.sourceInfo = sourceInfo;
        this.replicating = checkpoint.read().isPresent();
        this.progress = progress;
    }

    /** What comparing one chunk found. */
    private record Outcome(long sourceRows, long destRows, boolean rechecked, List<Difference> differences) {
    }

    /** Rows of one side keyed by their key values, each with its fetched column values. */
    private record Fetched(Map<List<String>, List<String>> rows, BinlogPosition position) {
    }

    TableReport verify(TableTarget t) throws SQLException, InterruptedException {
        long t0 = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        String method;
        int chunkCount;
        if (t.keyed()) {
            List<Chunk> chunks;
            Connection src = pool.borrow(Side.SOURCE);
            boolean broken = true;
            try {
                chunks = new ChunkPlanner(options.chunkRows(), Long.MAX_VALUE).plan(src, t.model(), t.identity());
                broken = false;
            } finally {
                pool.release(Side.SOURCE, src, broken);
            }
            chunkCount = chunks.size();
            progress.planned(chunkCount);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Chunk c : chunks) {
                futures.add(executor.submit(() -> {
                    Outcome o = compareChunk(t, c);
                    progress.chunkDone(o.sourceRows());
                    return o;
                }));
            }
            for (Future<Outcome> f : futures) {
                outcomes.add(await(f));
            }
            method = (t.needsJavaCompare() ? "rows in Java (JSON)" : "checksum") + " by key " + t.keyIndex();
        } else {
            chunkCount = 1;
            progress.planned(1);
            outcomes.add(compareKeyless(t));
            progress.chunkDone(outcomes.get(0).sourceRows());
            method = "row-hash multiset (no usable key)";
        }
        List<Difference> diffs = t.keyed() ? reconcile(t, outcomes) : outcomes.get(0).differences();
        long missing = 0;
        long extra = 0;
        long changed = 0;
        for (Difference d : diffs) {
            switch (d.kind()) {
                case MISSING -> missing += d.count();
                case EXTRA -> extra += d.count();
                case CHANGED -> changed += d.count();
            }
        }
        long srcRows = outcomes.stream().mapToLong(Outcome::sourceRows).sum();
        long dstRows = outcomes.stream().mapToLong(Outcome::destRows).sum();
        int rechecked = (int) outcomes.stream().filter(Outcome::rechecked).count();
        return new TableReport(t.name(), t.destDb() + "." + t.destTable(),
                t.key().stream().map(ColumnInfo::sourceName).toList(), method, srcRows, dstRows, chunkCount,
                rechecked, missing, extra, changed, diffs, diffs.size(), (System.nanoTime() - t0) / 1e9, null);
    }

    private static <T> T await(Future<T> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ------------------------------------------------------------------ keyed tables

    private Outcome compareChunk(TableTarget t, Chunk chunk) throws SQLException, InterruptedException {
        Connection src = pool.borrow(Side.SOURCE);
        Connection dst = null;
        boolean broken = true;
        try {
            dst = pool.borrow(Side.DESTINATION);
            throttle.acquire(0, 0); // a Threads_running pause holds the chunk back before it reads
            boolean rechecked = false;
            if (!t.needsJavaCompare()) {
                ChunkChecksum s = checksum(src, new RowSql(t, Side.SOURCE), chunk);
                throttle.acquire(s.rows(), 0); // the rows this chunk read on the source, not the chunk size
                BinlogPosition p = position(src);
                ChunkChecksum d = checksum(dst, new RowSql(t, Side.DESTINATION), chunk);
                for (int i = 0; i < options.recheckAttempts() && !s.sameAs(d); i++) {
                    rechecked = true;
                    waitForReplication(p, src);
                    s = checksum(src, new RowSql(t, Side.SOURCE), chunk);
                    throttle.acquire(s.rows(), 0);
                    p = position(src);
                    d = checksum(dst, new RowSql(t, Side.DESTINATION), chunk);
                }
                if (s.sameAs(d)) {
                    broken = false;
                    return new Outcome(s.rows(), d.rows(), rechecked, List.of());
                }
            }
            RowSql ss = new RowSql(t, Side.SOURCE);
            RowSql ds = new RowSql(t, Side.DESTINATION);
            Fetched s = fetch(src, Side.SOURCE, t, ss.rows(chunk), ps -> ss.range(chunk).bind(ps, 1));
            throttle.acquire(s.rows().size(), 0);
            Fetched d = fetch(dst, Side.DESTINATION, t, ds.rows(chunk), ps -> ds.range(chunk).bind(ps, 1));
            long srcRows = s.rows().size();
            long dstRows = d.rows().size();
            List<Difference> diffs = diff(t, s.rows(), d.rows());
            BinlogPosition p = s.position();
            for (int i = 0; i < options.recheckAttempts() && !diffs.isEmpty(); i++) {
                rechecked = true;
                waitForReplication(p, src);
                List<List<String>> keys = diffs.stream().map(x -> keyValues(t, x)).toList();
                Fetched s2 = fetchKeys(src, Side.SOURCE, t, keys);
                Fetched d2 = fetchKeys(dst, Side.DESTINATION, t, keys);
                p = s2.position();
                diffs = diff(t, s2.rows(), d2.rows());
            }
            broken = false;
            return new Outcome(srcRows, dstRows, rechecked, diffs);
        } finally {
            pool.release(Side.SOURCE, src, broken);
            pool.release(Side.DESTINATION, dst, broken);
        }
    }

    private static ChunkChecksum checksum(Connection c, RowSql sql, Chunk chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.checksum(chunk))) {
            sql.range(chunk).bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ChunkChecksum(rs.getLong(1), rs.getString(2));
            }
        }
    }

    /** Binds a query's parameters. */
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Fetched fetch(Connection c, Side side, TableTarget t, String query, Binder binder)
            throws SQLException {
        Map<List<String>, List<String>> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>(t.columns().size());
                    for (int i = 0; i < t.columns().size(); i++) {
                        values.add(Values.read(rs, i + 1, t.columns().get(i).kind()));
                    }
                    List<String> key = new ArrayList<>(t.key().size());
                    for (ColumnInfo k : t.key()) {
                        key.add(values.get(t.keyPosition(k)));
                    }
                    rows.put(key, values);
                }
            }
        }
        return new Fetched(rows, side == Side.SOURCE ? position(c) : null);
    }

    private Fetched fetchKeys(Connection c, Side side, TableTarget t, List<List<String>> keys) throws SQLException {
        Map<List<String>, List<String>> rows = new LinkedHashMap<>();
        RowSql sql = new RowSql(t, side);
        List<ColumnKind> keyKinds = t.key().stream().map(ColumnInfo::kind).toList();
        for (int from = 0; from < keys.size(); from += KEY_BATCH) {
            List<List<String>> batch = keys.subList(from, Math.min(keys.size(), from + KEY_BATCH));
            List<String> params = new ArrayList<>();
            List<ColumnKind> kinds = new ArrayList<>();
            for (List<String> k : batch) {
                params.addAll(k);
                kinds.addAll(keyKinds);
            }
            rows.putAll(fetch(c, Side.DESTINATION, t, sql.rowsByKeys(batch.size()),
                    ps -> Values.bindAll(ps, kinds, params)).rows());
        }
        return new Fetched(rows, side == Side.SOURCE ? position(c) : null);
    }

    private static List<String> keyValues(TableTarget t, Difference d) {
        return t.key().stream().map(k -> d.key().get(k.sourceName())).toList();
    }

    /** Missing, extra and changed rows between the two sides' rows of the same range or keys. */
    private static List<Difference> diff(TableTarget t, Map<List<String>, List<String>> src,
                                         Map<List<String>, List<String>> dst) {
        List<Difference> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<String>> e : src.entrySet()) {
            List<String> other = dst.get(e.getKey());
            if (other == null) {
                out.add(Difference.keyed(Difference.Kind.MISSING, keyMap(t, e.getKey()), null, e.getValue(), null));
            } else {
                List<String> changed = changedColumns(t, e.getValue(), other);
                if (!changed.isEmpty()) {
                    out.add(Difference.keyed(Difference.Kind.CHANGED, keyMap(t, e.getKey()), changed, e.getValue(),
                            other));
                }
            }
        }
        for (Map.Entry<List<String>, List<String>> e : dst.entrySet()) {
            if (!src.containsKey(e.getKey())) {
                out.add(Difference.keyed(Difference.Kind.EXTRA, keyMap(t, e.getKey()), null, null, e.getValue()));
            }
        }
        return out;
    }

    private static List<String> changedColumns(TableTarget t, List<String> a, List<String> b) {
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            ColumnInfo c = t.columns().get(i);
            boolean same = c.kind() == ColumnKind.JSON && t.jsonMode() == JsonMode.JAVA
                    ? JsonCompare.equal(a.get(i), b.get(i))
                    : java.util.Objects.equals(a.get(i), b.get(i));
            if (!same) {
                changed.add(c.sourceName());
            }
        }
        return changed;
    }

    private static Map<String, String> keyMap(TableTarget t, List<String> key) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            m.put(t.key().get(i).sourceName(), key.get(i));
        }
        return m;
    }

    /**
     * A row whose key sorts into different ranges on the two sides (different collations) shows up as missing in
     * one chunk and extra in another: pair them up by key and keep only real differences.
     */
    private static List<Difference> reconcile(TableTarget t, List<Outcome> outcomes) {
        List<Difference> all = new ArrayList<>();
        outcomes.forEach(o -> all.addAll(o.differences()));
        Map<Map<String, String>, Difference> extra = new HashMap<>();
        for (Difference d : all) {
            if (d.kind() == Difference.Kind.EXTRA) {
                extra.put(d.key(), d);
            }
        }
        if (extra.isEmpty()) {
            return all;
        }
        List<Difference> out = new ArrayList<>();
        java.util.Set<Map<String, String>> paired = new java.util.HashSet<>();
        for (Difference d : all) {
            if (d.kind() == Difference.Kind.MISSING && extra.containsKey(d.key())) {
                Difference e = extra.get(d.key());
                paired.add(d.key());
                List<String> changed = changedColumns(t, d.sourceValues(), e.destValues());
                if (!changed.isEmpty()) {
                    out.add(Difference.keyed(Difference.Kind.CHANGED, d.key(), changed, d.sourceValues(),
                            e.destValues()));
                }
            } else if (d.kind() != Difference.Kind.EXTRA) {
                out.add(d);
            }
        }
        for (Difference d : all) {
            if (d.kind() == Difference.Kind.EXTRA && !paired.contains(d.key())) {
                out.add(d);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ keyless tables

    private Outcome compareKeyless(TableTarget t) throws SQLException, InterruptedException {
        Connection src = pool.borrow(Side.SOURCE);
        Connection dst = null;
        boolean broken = true;
        try {
            dst = pool.borrow(Side.DESTINATION);
            Chunk all = new Chunk(t.model().ref(), 0, null, null, t.model().estimatedRows(), true);
            throttle.acquire(0, 0);
            ChunkChecksum s = checksum(src, new RowSql(t, Side.SOURCE), all);
            throttle.acquire(s.rows(), 0);
            BinlogPosition p = position(src);
            ChunkChecksum d = checksum(dst, new RowSql(t, Side.DESTINATION), all);
            boolean rechecked = false;
            for (int i = 0; i < options.recheckAttempts() && !s.sameAs(d); i++) {
                rechecked = true;
                waitForReplication(p, src);
                s = checksum(src, new RowSql(t, Side.SOURCE), all);
                p = position(src);
                d = checksum(dst, new RowSql(t, Side.DESTINATION), all);
            }
            if (s.sameAs(d)) {
                broken = false;
                return new Outcome(s.rows(), d.rows(), rechecked, List.of());
            }
            List<Difference> diffs = List.of();
            for (int i = 0; i <= options.recheckAttempts(); i++) {
                if (i > 0) {
                    waitForReplication(p, src);
                }
                Map<String, Long> sc = hashCounts(src, new RowSql(t, Side.SOURCE));
                p = position(src);
                Map<String, Long> dc = hashCounts(dst, new RowSql(t, Side.DESTINATION));
                diffs = multisetDiff(sc, dc);
                s = new ChunkChecksum(sc.values().stream().mapToLong(Long::longValue).sum(), "");
                d = new ChunkChecksum(dc.values().stream().mapToLong(Long::longValue).sum(), "");
                if (diffs.isEmpty()) {
                    break;
                }
            }
            broken = false;
            return new Outcome(s.rows(), d.rows(), true, diffs);
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

    // ------------------------------------------------------------------ consistency with replication

    private BinlogPosition position(Connection src) {
        if (!replicating) {
            return null;
        }
        try {
            return BinlogPosition.current(src, sourceInfo);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Waits until the applied checkpoint has passed {@code p} (the source position right after the differing
     * read), up to the checkpoint timeout; without a replicating task (or position), waits the re-check pause.
     */
    private void waitForReplication(BinlogPosition p, Connection src) throws InterruptedException, SQLException {
        if (!replicating || p == null) {
            Thread.sleep(options.recheckWait().toMillis());
            return;
        }
        Instant deadline = Instant.now().plus(options.checkpointTimeout());
        while (Instant.now().isBefore(deadline)) {
            Optional<CheckpointState> cp = checkpoint.read();
            if (cp.isPresent() && PositionOrder.reached(cp.get(), p, src, sourceInfo)) {
                return;
            }
            Thread.sleep(200);
        }
    }
}
