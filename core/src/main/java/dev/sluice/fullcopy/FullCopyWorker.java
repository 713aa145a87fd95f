package dev.sluice.fullcopy;

import dev.sluice.db.CopySnapshots;
import dev.sluice.failure.Failures;
import dev.sluice.state.Phase;
import dev.sluice.state.PhasePlan;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.table.Chunk;
import dev.sluice.table.MappedColumn;
import dev.sluice.table.TableRef;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.throttle.TaskThrottler;
import dev.sluice.throttle.Throttlers;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code fullcopy-worker} call: claims chunks from the ledger (spreading over tables nobody else is writing),
 * copies each in one destination transaction, marks it done (and, when that was a table's last chunk, builds the
 * table's deferred indexes: {@link TableIndexBuilder}), and returns before its deadline. While other workers
 * hold the last chunks it waits, so that a chunk whose worker died is taken over once its lease expires. The worker
 * that sees every chunk done moves the task to the next phase.
 */
public class FullCopyWorker {
    private static final Logger LOG = Logger.getLogger(FullCopyWorker.class.getName());
    /** Lease of a claim; renewed while the chunk streams and right before its commit. */
    public static final long DEFAULT_LEASE_MILLIS = 120_000;
    static final long POLL_MILLIS = 1_000;
    /**
     * How often a worker publishes the rows streamed into its running chunk (with a lease renewal: one conditional
     * write of the chunk's ledger item, ADR 0030), so progress moves inside a large chunk.
     */
    public static final long PROGRESS_MILLIS = 3_000;
    /** How long a worker works through its snapshot of claimable chunks before reading the ledger again. */
    static final long REQUEUE_MILLIS = 30_000;

    private final StateTable table;
    private final TaskDocuments docs;
    private final Tasks tasks;
    private final long leaseMillis;
    private final WriteMethod method;

    public FullCopyWorker(StateTable table, TaskDocuments docs, Tasks tasks) {
        this(table, docs, tasks, DEFAULT_LEASE_MILLIS, WriteMethod.configured());
    }

    public FullCopyWorker(StateTable table, TaskDocuments docs, Tasks tasks, long leaseMillis, WriteMethod method) {
        this.table = table;
        this.docs = docs;
        this.tasks = tasks;
        this.leaseMillis = leaseMillis;
        this.method = method;
    }

    /** Copies chunks until none is left or {@code deadlineMillis} (epoch ms) is near. */
    public WorkerResult run(String taskId, TaskSpec spec, int slot, long deadlineMillis) throws Exception {
        PlanResult plan = docs.get(taskId, PlanResult.SK, PlanResult.class).orElseThrow(() ->
                new IllegalStateException("task " + taskId + " has no full-copy plan; run fullcopy-plan first"));
        TaskOptions.FullCopyOptions o = spec.optionsOrDefaults().fullCopyOrDefault();
        ChunkLedger ledger = new ChunkLedger(table, taskId);
        String owner = "slot" + slot + "@" + ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        int share = Throttlers.processShare(plan.workers());
        TaskThrottler throttler = Throttlers.forTask(table, taskId, spec, share);
        int copied = 0;
        long rowsCopied = 0;
        long bytesCopied = 0;
        long slowestChunkMillis = 0;
        Map<TableRef, TableInfo> infos = new HashMap<>();
        Map<TableRef, TablePlan> plans = new HashMap<>();
        Connection source = null;
        Connection dest = null;
        Connection snapshotLock = null;
        WriteMethod writeMethod = method;
        List<ChunkState> queue = new ArrayList<>();
        long queuedAt = 0;
        TableIndexBuilder indexes = new TableIndexBuilder(table, docs, taskId, spec, ledger, owner);
        try {
            while (true) {
                if (tasks.isStopRequested(taskId)) {
                    return new WorkerResult(0, copied, true, rowsCopied, bytesCopied);
                }
                long now = ledger.now();
                // leave room for one more chunk like the slowest so far, and a margin for the commit
                if (deadlineMillis - now < Math.max(2 * slowestChunkMillis, 5_000)) {
                    break;
                }
                if (queue.isEmpty() || now - queuedAt > REQUEUE_MILLIS) {
                    List<ChunkState> all = ledger.all();
                    queue = new ArrayList<>(candidates(all, now, slot));
                    queuedAt = now;
                    if (queue.isEmpty()) {
                        if (all.stream().allMatch(c -> c.status() == ChunkState.Status.DONE)) {
                            break;
                        }
                        long nextExpiry = all.stream().filter(c -> c.status() == ChunkState.Status.CLAIMED)
                                .mapToLong(ChunkState::leaseUntilMillis).min().orElse(now);
                        long sleep = Math.max(50, Math.min(POLL_MILLIS, nextExpiry - now + 10));
                        if (now + sleep >= deadlineMillis - 1_000) {
                            break;
                        }
                        Thread.sleep(sleep);
                        continue;
                    }
                }
                // the queue may be stale: a failed claim just means someone else has it
                Optional<Claim> claim = ledger.claim(queue.remove(0).chunk(), owner, leaseMillis);
                if (claim.isEmpty()) {
                    continue;
                }
                Chunk chunk = claim.get().chunk();
                TablePlan tp = plans.computeIfAbsent(chunk.table(), t -> docs.get(taskId, TablePlan.sortKey(t),
                        TablePlan.class).orElseThrow(() -> new IllegalStateException("no plan for table " + t)));
                LedgerFence fence = new LedgerFence(ledger, claim.get());
                try {
                    if (source == null) {
                        source = CopySessions.source(spec.source());
                        dest = CopySessions.destination(spec.destination(), CopySessions.destinationSqlMode(),
                                o.destinationBinlogOrDefault(), true);
                        writeMethod = usable(method, dest);
                        if (spec.has(MigrationType.INCREMENTAL)) {
                            // whole-table copies record their snapshot position for the replay
                            CopySnapshots.ensureTable(dest);
                            dest.commit();
                            snapshotLock = CopySessions.planning(spec.source());
                        }
                    }
                    TableInfo info = infos.get(chunk.table());
                    if (info == null) {
                        try (Connection p = CopySessions.planning(spec.source())) {
                            info = TableInfo.read(p, chunk.table(), spec.filter(), spec.mappingOrNone());
                        }
                        List<String> key = info.key().stream().map(MappedColumn::name).toList();
                        if (!key.equals(tp.keyColumns())) {
                            throw new IllegalStateException("the key of source table " + chunk.table() + " changed "
                                    + "since planning (" + tp.keyColumns() + " -> " + key + "); the copy of this "
                                    + "table must be planned again");
                        }
                        infos.put(chunk.table(), info);
                    }
                    CopyResult r = new ChunkCopier(source, dest, throttler, writeMethod)
                            .recordingSnapshots(taskId, snapshotLock).copy(info, chunk, tp.replaceRows(), fence);
                    if (ledger.done(fence.claim, r.rows(), r.bytes())) {
                        copied++;
                        rowsCopied += r.rows();
                        bytesCopied += r.bytes();
                        indexes.afterChunk(chunk.table(), tp, deadlineMillis);
                    } else {
                        LOG.warning("chunk " + chunk.describe() + " was taken over while it committed; the new "
                                + "owner replaces its range");
                    }
                    slowestChunkMillis = Math.max(slowestChunkMillis, r.millis());
                } catch (LeaseLostException e) {
                    LOG.warning(e.getMessage());
                } catch (Exception e) {
                    try {
                        ledger.release(fence.claim);
                    } catch (RuntimeException re) {
                        e.addSuppressed(re);
                    }
                    throw Failures.classify("copying chunk " + chunk.describe(), e);
                }
            }
            List<ChunkState> all = ledger.all();
            int remaining = (int) all.stream().filter(c -> c.status() != ChunkState.Status.DONE).count();
            if (remaining == 0 && tasks.require(taskId).phase() == Phase.FULL_COPY) {
                tasks.setPhase(taskId, PhasePlan.after(spec, Phase.FULL_COPY));
            }
            return new WorkerResult(remaining, copied, false, rowsCopied, bytesCopied);
        } finally {
            indexes.close();
            Throttlers.release(taskId);
            close(source);
            close(dest);
            close(snapshotLock);
        }
    }

    /**
     * Claimable chunks in the order this worker tries them: chunks of tables no live lease is writing first (one
     * writer per table when there are enough tables), each group rotated by slot so workers start apart.
     */
    static List<ChunkState> candidates(List<ChunkState> all, long now, int slot) {
        Set<TableRef> busy = new HashSet<>();
        for (ChunkState c : all) {
            if (c.leased(now)) {
                busy.add(c.chunk().table());
            }
        }
        List<ChunkState> free = new ArrayList<>();
        List<ChunkState> shared = new ArrayList<>();
        for (ChunkState c : all) {
            if (c.claimable(now)) {
                (busy.contains(c.chunk().table()) ? shared : free).add(c);
            }
        }
        List<ChunkState> out = new ArrayList<>(rotate(free, slot));
        out.addAll(rotate(shared, slot));
        return out;
    }

    private static List<ChunkState> rotate(List<ChunkState> l, int slot) {
        if (l.isEmpty()) {
            return l;
        }
        // spread slots over distinct tables: start at the first chunk of the slot-th table
        List<TableRef> tables = l.stream().map(c -> c.chunk().table()).distinct().toList();
        TableRef start = tables.get(Math.floorMod(slot, tables.size()));
        int at = 0;
        while (!l.get(at).chunk().table().equals(start)) {
            at++;
        }
        List<ChunkState> out = new ArrayList<>(l.subList(at, l.size()));
        out.addAll(l.subList(0, at));
        return out;
    }

    /**
     * The configured write method, or multi-row INSERT when it is LOAD DATA LOCAL and the destination has
     * local_infile OFF (the precheck warns about this; the copy still works, more slowly).
     */
    static WriteMethod usable(WriteMethod configured, Connection dest) throws java.sql.SQLException {
        if (configured != WriteMethod.LOAD_DATA) {
            return configured;
        }
        try (java.sql.Statement st = dest.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT @@GLOBAL.local_infile")) {
            return rs.next() && rs.getInt(1) == 1 ? WriteMethod.LOAD_DATA : WriteMethod.MULTI_ROW_INSERT;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing a copy connection", e);
            }
        }
    }

    /**
     * Renews the claim while rows stream (at least every quarter lease) and right before the commit; each renewal
     * while streaming also publishes the rows and bytes streamed so far, at most every {@link #PROGRESS_MILLIS}.
     */
    private final class LedgerFence implements Fence {
        private final ChunkLedger ledger;
        private Claim claim;
        private long lastRenew;
        private long rows;
        private long bytes;
        private long published;

        LedgerFence(ChunkLedger ledger, Claim claim) {
            this.ledger = ledger;
            this.claim = claim;
            this.lastRenew = ledger.now();
        }

        @Override
        public void heartbeat(long batchRows, long batchBytes) {
            rows += batchRows;
            bytes += batchBytes;
            long since = ledger.now() - lastRenew;
            if (since > leaseMillis / 4 || (since >= PROGRESS_MILLIS && rows != published)) {
                renew(rows, bytes);
                published = rows;
            }
        }

        @Override
        public void beforeCommit() {
            renew(-1, -1);
        }

        @Override
        public void rolledBack() {
            rows = 0;
            bytes = 0;
        }

        @Override
        public boolean firstAttempt() {
            return claim.token() == 1;
        }

        private void renew(long rowsCopying, long bytesCopying) {
            claim = ledger.renew(claim, leaseMillis, rowsCopying, bytesCopying).orElseThrow(() ->
                    new LeaseLostException("chunk " + claim.chunk().describe() + " was taken over by another worker "
                            + "(lease expired); discarding this worker's uncommitted copy of it"));
            lastRenew = ledger.now();
        }
    }
}
