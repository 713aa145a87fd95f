package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.KeyCodec;
import dev.sluice.db.ServerInfo;
import dev.sluice.table.Chunk;
import dev.sluice.table.ChunkPlanner;
import dev.sluice.throttle.Throttler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Verifies one table: checksums every key range on both sides in parallel, re-reads differing chunks after the
 * replication has passed the moment they were read (so in-flight changes converge instead of being reported),
 * compares the rows of chunks that still differ, re-reads those rows the same way, and reconciles rows that sit
 * in different ranges on the two sides (collation order). Keyless tables are compared as multisets of row hashes
 * ({@link KeylessVerifier}). Cutover compares only the keys replication changed ({@link #verifyKeys}).
 */
final class TableVerifier {
    private static final int KEY_BATCH = 200;
    private static final int KEYS_PER_TASK = 2000;

    private final ConnectionPool pool;
    private final ExecutorService executor;
    /** Runs the destination's checksum of a chunk while the chunk's own thread runs the source's. */
    private final ExecutorService sidePool;
    private final Throttler throttle;
    private final VerifyOptions options;
    private final ReplicationSync sync;
    private final KeylessVerifier keyless;
    private final VerifyProgress progress;

    TableVerifier(ConnectionPool pool, ExecutorService executor, ExecutorService sidePool, Throttler throttle,
                  VerifyOptions options, BinlogCheckpoint checkpoint, ServerInfo sourceInfo, VerifyProgress progress) {
        this.pool = pool;
        this.executor = executor;
        this.sidePool = sidePool;
        this.throttle = throttle;
        this.options = options;
        this.sync = new ReplicationSync(checkpoint, sourceInfo, options);
        this.keyless = new KeylessVerifier(pool, throttle, options, sync);
        this.progress = progress;
    }


    /** Rows of one side keyed by their key values, each with its fetched column values. */
    private record Fetched(Map<List<String>, List<String>> rows, BinlogPosition position) {
    }

    TableReport verify(TableTarget t) throws SQLException, InterruptedException {
        long t0 = System.nanoTime();
        List<Chunk> chunks = plan(t);
        List<Callable<ChunkOutcome>> work = new ArrayList<>();
        for (Chunk c : chunks) {
            work.add(() -> compare(t, c));
        }
        return report(t, inParallel(work), chunks.size(), method(t), (System.nanoTime() - t0) / 1e9);
    }

    /** Runs the comparisons on the chunk pool, counting each in the progress as it ends; outcomes in order. */
    private List<ChunkOutcome> inParallel(List<Callable<ChunkOutcome>> work) throws SQLException,
            InterruptedException {
        progress.planned(work.size());
        List<Future<ChunkOutcome>> futures = new ArrayList<>();
        for (Callable<ChunkOutcome> w : work) {
            futures.add(executor.submit(() -> {
                ChunkOutcome o = w.call();
                progress.chunkDone(o.sourceRows());
                return o;
            }));
        }
        List<ChunkOutcome> outcomes = new ArrayList<>();
        for (Future<ChunkOutcome> f : futures) {
            outcomes.add(await(f));
        }
        return outcomes;
    }

    /** The key ranges of a table (the full copy's planner), or one whole-table chunk for a keyless table. */
    List<Chunk> plan(TableTarget t) throws SQLException {
        if (!t.keyed()) {
            return List.of(new Chunk(t.model().ref(), 0, null, null, t.model().estimatedRows(), true));
        }
        Connection src = pool.borrow(Side.SOURCE);
        boolean broken = true;
        try {
            List<Chunk> chunks = new ChunkPlanner(options.chunkRows(), Long.MAX_VALUE).plan(src, t.model(),
                    t.identity());
            broken = false;
            return chunks;
        } finally {
            pool.release(Side.SOURCE, src, broken);
        }
    }

    /** Compares one planned chunk of the table (the whole table when it has no key). */
    ChunkOutcome compare(TableTarget t, Chunk c) throws SQLException, InterruptedException {
        return t.keyed() ? compareChunk(t, c) : keyless.compare(t);
    }

    static String method(TableTarget t) {
        return t.keyed() ? (t.needsJavaCompare() ? "rows in Java (JSON)" : "checksum") + " by key " + t.keyIndex()
                : "row-hash multiset (no usable key)";
    }

    /**
     * Compares only the rows replication touched since the last equal full verification (ADR 0053): the keys (as
     * the binlog applier bound them, {@code KeyCodec}) and the key ranges recorded past the record's bound, with
     * neighbouring keys of an integer key coalesced into ranges ({@link TouchedRanges}); ranges are checksummed like
     * chunks, the other keys fetched {@value #KEYS_PER_TASK} per parallel task. Its cost follows what changed since,
     * not the table's size.
     */
    TableReport verifyKeys(TableTarget t, List<Object[]> keys, List<long[]> recordedRanges) throws SQLException,
            InterruptedException {
        long t0 = System.nanoTime();
        boolean integerKey = t.key().size() == 1 && t.key().get(0).kind() == ColumnKind.INTEGER;
        TouchedRanges.Plan plan = TouchedRanges.plan(integerKey, keys, integerKey ? recordedRanges : List.of(),
                options.chunkRows());
        if (!integerKey && !recordedRanges.isEmpty()) {
            return verify(t); // ranges recorded for a key that is no longer one integer column: compare it whole
        }
        List<Callable<ChunkOutcome>> work = new ArrayList<>();
        int seq = 0;
        for (long[] r : plan.ranges()) {
            Chunk c = new Chunk(t.model().ref(), seq++, List.of(Long.toString(r[0])), List.of(Long.toString(r[1])),
                    r[1] - r[0], false);
            work.add(() -> compareChunk(t, c));
        }
        List<Object[]> left = plan.keys();
        for (int from = 0; from < left.size(); from += KEYS_PER_TASK) {
            List<Object[]> part = left.subList(from, Math.min(left.size(), from + KEYS_PER_TASK));
            work.add(() -> compareKeys(t, part));
        }
        return report(t, inParallel(work), work.size(), "the " + keys.size() + " keys replication changed since the "
                + "last equal full verification" + (recordedRanges.isEmpty() ? "" : " and " + recordedRanges.size()
                + " key ranges recorded past the record's bound") + " (" + plan.ranges().size() + " ranges of "
                + plan.rangeKeys() + " key values, " + left.size() + " keys one by one), by key " + t.keyIndex(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** The table's report from its chunks' outcomes (rows in different ranges on the two sides paired up). */
    static TableReport report(TableTarget t, List<ChunkOutcome> outcomes, int chunkCount, String method,
                              double seconds) {
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
        long srcRows = outcomes.stream().mapToLong(ChunkOutcome::sourceRows).sum();
        long dstRows = outcomes.stream().mapToLong(ChunkOutcome::destRows).sum();
        int rechecked = (int) outcomes.stream().filter(ChunkOutcome::rechecked).count();
        return new TableReport(t.name(), t.destDb() + "." + t.destTable(),
                t.key().stream().map(ColumnInfo::sourceName).toList(), method, srcRows, dstRows, chunkCount,
                rechecked, missing, extra, changed, diffs, diffs.size(), seconds, null);
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

    /** Waits for a side task that must not outlive the connection it uses; its outcome is read elsewhere. */
    private static void awaitQuietly(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            // reported by the await that reads the result
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    // ------------------------------------------------------------------ keyed tables

    private ChunkOutcome compareChunk(TableTarget t, Chunk chunk) throws SQLException, InterruptedException {
        Connection src = pool.borrow(Side.SOURCE);
        Connection dst = null;
        boolean broken = true;
        try {
            dst = pool.borrow(Side.DESTINATION);
            throttle.acquire(0, 0); // a Threads_running pause holds the chunk back before it reads
            boolean rechecked = false;
            if (!t.needsJavaCompare()) {
                // both sides at once: each server checksums its range while the other does (ADR 0051's order is kept
                // for re-checks, which start only after replication has passed the source read)
                Connection dstConn = dst;
                Future<ChunkChecksum> dest = sidePool.submit(() -> checksum(dstConn,
                        new RowSql(t, Side.DESTINATION), chunk));
                ChunkChecksum s;
                try {
                    s = checksum(src, new RowSql(t, Side.SOURCE), chunk);
                } finally {
                    awaitQuietly(dest);
                }
                throttle.acquire(s.rows(), 0); // the rows this chunk read on the source, not the chunk size
                BinlogPosition p = sync.position(src);
                ChunkChecksum d = await(dest);
                ChunkChecksum[] both = aligned(t, chunk, src, s, dst, d);
                for (int i = 0; i < options.recheckAttempts() && !both[0].sameAs(both[1]); i++) {
                    rechecked = true;
                    sync.await(p, src);
                    s = checksum(src, new RowSql(t, Side.SOURCE), chunk);
                    throttle.acquire(s.rows(), 0);
                    p = sync.position(src);
                    d = checksum(dst, new RowSql(t, Side.DESTINATION), chunk);
                    both = aligned(t, chunk, src, s, dst, d);
                }
                s = both[0];
                d = both[1];
                if (s.sameAs(d)) {
                    broken = false;
                    return new ChunkOutcome(s.rows(), d.rows(), rechecked, List.of());
                }
            }
            RowSql ss = new RowSql(t, Side.SOURCE);
            RowSql ds = new RowSql(t, Side.DESTINATION);
            Fetched s = fetch(src, Side.SOURCE, t, ss.rows(chunk), ps -> ss.range(chunk).bind(ps, 1));
            throttle.acquire(s.rows().size(), 0);
            Fetched d = fetch(dst, Side.DESTINATION, t, ds.rows(chunk), ps -> ds.range(chunk).bind(ps, 1));
            ChunkOutcome o = recheckRows(t, src, dst, s, d, rechecked);
            broken = false;
            return o;
        } finally {
            pool.release(Side.SOURCE, src, broken);
            pool.release(Side.DESTINATION, dst, broken);
        }
    }

    /** The rows of both sides, diffed; differing rows read again by key once replication has passed the read. */
    private ChunkOutcome recheckRows(TableTarget t, Connection src, Connection dst, Fetched s, Fetched d,
                                boolean rechecked) throws SQLException, InterruptedException {
        List<Difference> diffs = diff(t, s.rows(), d.rows());
        BinlogPosition p = s.position();
        for (int i = 0; i < options.recheckAttempts() && !diffs.isEmpty(); i++) {
            rechecked = true;
            sync.await(p, src);
            List<List<String>> keys = diffs.stream().map(x -> keyValues(t, x)).toList();
            Fetched s2 = fetchKeys(src, Side.SOURCE, t, keys);
            Fetched d2 = fetchKeys(dst, Side.DESTINATION, t, keys);
            p = s2.position();
            diffs = diff(t, s2.rows(), d2.rows());
        }
        return new ChunkOutcome(s.rows().size(), d.rows().size(), rechecked, diffs);
    }

    private ChunkOutcome compareKeys(TableTarget t, List<Object[]> keys) throws SQLException, InterruptedException {
        Connection src = pool.borrow(Side.SOURCE);
        Connection dst = null;
        boolean broken = true;
        try {
            dst = pool.borrow(Side.DESTINATION);
            throttle.acquire(0, 0);
            Fetched s = fetchByKeys(src, Side.SOURCE, t, keys.size(), (ps, from, to) -> bindKeys(ps, keys, from, to));
            throttle.acquire(s.rows().size(), 0);
            Fetched d = fetchByKeys(dst, Side.DESTINATION, t, keys.size(), (ps, from, to) -> bindKeys(ps, keys, from,
                    to));
            ChunkOutcome o = recheckRows(t, src, dst, s, d, false);
            broken = false;
            return o;
        } finally {
            pool.release(Side.SOURCE, src, broken);
            pool.release(Side.DESTINATION, dst, broken);
        }
    }

    private static void bindKeys(PreparedStatement ps, List<Object[]> keys, int from, int to) throws SQLException {
        int p = 1;
        for (int i = from; i < to; i++) {
            for (Object v : keys.get(i)) {
                KeyCodec.bind(ps, p++, v);
            }
        }
    }

    /** The chunk's checksum on one side: its text's fold, or the per-row fold when the text was over the limit. */
    static ChunkChecksum checksum(Connection c, RowSql sql, Chunk chunk) throws SQLException {
        if (sql.chunkTextFold()) {
            ChunkChecksum text = query(c, sql, sql.checksum(chunk), chunk, false);
            if (text != null) {
                return text;
            }
        }
        return query(c, sql, sql.rowFoldChecksum(chunk), chunk, true);
    }

    /** Null when a GROUP_CONCAT was cut at {@code group_concat_max_len} (warning 1260). */
    private static ChunkChecksum query(Connection c, RowSql sql, String query, Chunk chunk, boolean rowFold)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            sql.range(chunk).bind(ps, 1);
            ChunkChecksum out;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out = new ChunkChecksum(rs.getLong(1), rs.getString(2), rowFold);
            }
            for (java.sql.SQLWarning w = ps.getWarnings(); w != null && !rowFold; w = w.getNextWarning()) {
                if (w.getErrorCode() == 1260) {
                    return null;
                }
            }
            return out;
        }
    }

    /**
     * Both sides folded the same way: when one side's chunk text was over the limit (a per-row fold), the other
     * side's checksum is taken per row too.
     */
    private static ChunkChecksum[] aligned(TableTarget t, Chunk chunk, Connection src, ChunkChecksum s,
                                           Connection dst, ChunkChecksum d) throws SQLException {
        if (s.rowFold() == d.rowFold()) {
            return new ChunkChecksum[] {s, d};
        }
        return s.rowFold()
                ? new ChunkChecksum[] {s, query(dst, new RowSql(t, Side.DESTINATION),
                        new RowSql(t, Side.DESTINATION).rowFoldChecksum(chunk), chunk, true)}
                : new ChunkChecksum[] {query(src, new RowSql(t, Side.SOURCE),
                        new RowSql(t, Side.SOURCE).rowFoldChecksum(chunk), chunk, true), d};
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
        return new Fetched(rows, side == Side.SOURCE ? sync.position(c) : null);
    }

    /** Binds the keys {@code from} (inclusive) to {@code to} of a key list as one query's parameters. */
    private interface KeysBinder {
        void bind(PreparedStatement ps, int from, int to) throws SQLException;
    }

    /** Rows with the given normalized keys (as read by {@link Values#read}). */
    private Fetched fetchKeys(Connection c, Side side, TableTarget t, List<List<String>> keys) throws SQLException {
        List<ColumnKind> keyKinds = t.key().stream().map(ColumnInfo::kind).toList();
        return fetchByKeys(c, side, t, keys.size(), (ps, from, to) -> {
            int p = 1;
            for (int i = from; i < to; i++) {
                for (int k = 0; k < keyKinds.size(); k++) {
                    Values.bind(ps, p++, keyKinds.get(k), keys.get(i).get(k));
                }
            }
        });
    }

    /** Rows with {@code count} keys, {@value #KEY_BATCH} per query, each batch's parameters bound by {@code b}. */
    private Fetched fetchByKeys(Connection c, Side side, TableTarget t, int count, KeysBinder b) throws SQLException {
        Map<List<String>, List<String>> rows = new LinkedHashMap<>();
        RowSql sql = new RowSql(t, side);
        for (int from = 0; from < count; from += KEY_BATCH) {
            int lo = from;
            int hi = Math.min(count, from + KEY_BATCH);
            rows.putAll(fetch(c, Side.DESTINATION, t, sql.rowsByKeys(hi - lo), ps -> b.bind(ps, lo, hi)).rows());
        }
        return new Fetched(rows, side == Side.SOURCE ? sync.position(c) : null);
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
    private static List<Difference> reconcile(TableTarget t, List<ChunkOutcome> outcomes) {
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
}
