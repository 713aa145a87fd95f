package dev.sluice.verification;

import dev.sluice.settings.Settings;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.table.Chunk;
import dev.sluice.task.TaskSpec;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The workflow's verification in bounded invocations (issue 15: a Map over chunk ranges). {@link #plan} cuts every
 * table into the verifier's key ranges and stores them with the task in batches ({@code VERIFYBATCH#<run>#<n>}, at
 * most 200 chunks, so every item and payload stays small); the state machine maps over the
 * batch numbers, and each {@link #runBatch} call compares the chunks of its batch that have no stored result
 * ({@code VERIFYRESULT#<run>#<n>#<i>}) until its time budget is nearly spent, returning how many are left (the state
 * machine calls it again; retries and duplicate calls only redo unstored chunks). {@link #report} merges the results
 * into the per-table reports, exactly as the one-process verification reports them.
 */
public final class ChunkedVerification {
    static final String PLAN = "VERIFYPLAN";
    static final String BATCH = "VERIFYBATCH#";
    static final String RESULT = "VERIFYRESULT#";
    /**
     * Chunks per batch; {@code -Dsluice.verify.chunksPerBatch} overrides it (tests). Read at each plan, not once per
     * class: a test's setting must hold whatever loaded the class first (VerifyWorkflowTest failed in the full suite).
     */
    static int chunksPerBatch() {
        return Settings.VERIFY_CHUNKS_PER_BATCH.intValue(200);
    }

    /** Differences listed per stored chunk result (counts stay exact); keeps each item well under 400 KB. */
    static final int LISTED_PER_CHUNK = 200;

    private final Tasks tasks;
    private final TaskDocuments documents;
    private final StateTable table;

    /** The task's verification options; {@code -Dsluice.verify.chunkRows} overrides the chunk size (tests). */
    private static VerifyOptions options(TaskSpec spec) {
        return Settings.VERIFY_CHUNK_ROWS.optionalLong().map(rows -> VerifyOptions.forTask(spec).withChunkRows(rows))
                .orElseGet(() -> VerifyOptions.forTask(spec));
    }

    public ChunkedVerification(Tasks tasks, TaskDocuments documents, StateTable table) {
        this.tasks = tasks;
        this.documents = documents;
        this.table = table;
    }

    /** The stored plan of the task's current verification run. */
    public record Plan(String run, int batches, int chunks, Long coveredEpoch, Instant plannedAt) {
    }

    /** One stored chunk: the source table it belongs to and its range. */
    public record PlannedChunk(String table, int seq, List<String> lo, List<String> hi, long estimatedRows,
                               boolean whole) {
    }

    /** A stored batch of chunks. */
    public record Batch(List<PlannedChunk> chunks) {
    }

    /** A difference as stored with its values, so rows in different ranges on the two sides pair up in the report. */
    public record StoredDifference(Difference.Kind kind, Map<String, String> key, List<String> columns, String rowHash,
                                   long count, List<String> sourceValues, List<String> destValues) {
        static StoredDifference of(Difference d) {
            return new StoredDifference(d.kind(), d.key(), d.columns(), d.rowHash(), d.count(), d.sourceValues(),
                    d.destValues());
        }

        Difference difference() {
            return new Difference(kind, key == null ? Map.of() : key, columns == null ? List.of() : columns, rowHash,
                    count, sourceValues, destValues);
        }
    }

    /**
     * A stored chunk result: its listed differences and, per kind, how many more it found than it lists (so the
     * report's counts stay exact).
     */
    public record StoredResult(String table, long sourceRows, long destRows, boolean rechecked,
                               List<StoredDifference> differences, long moreMissing, long moreExtra,
                               long moreChanged) {
        static StoredResult of(String table, ChunkOutcome o, int listed) {
            List<Difference> all = o.differences();
            long[] more = new long[3];
            for (Difference d : all.subList(Math.min(listed, all.size()), all.size())) {
                more[d.kind().ordinal()] += d.count();
            }
            return new StoredResult(table, o.sourceRows(), o.destRows(), o.rechecked(), all.stream().limit(listed)
                    .map(StoredDifference::of).toList(), more[0], more[1], more[2]);
        }
    }

    /**
     * Plans a new run: bumps the touched-key epoch of a replicating task (so an equal result lets cutover compare
     * only what changes afterwards), stores the chunks in batches and the plan; returns the batch numbers.
     */
    public List<Integer> plan(String taskId) throws SQLException {
        TaskSpec spec = tasks.require(taskId).spec();
        Verifier verifier = new Verifier(spec, options(spec), new StateCheckpoint(table, taskId));
        List<TableTarget> targets = verifier.targets();
        OptionalLong covered = VerificationService.beginFull(taskId, spec);
        List<Verifier.TableChunk> chunks = verifier.plan(targets);
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Integer> batches = new ArrayList<>();
        int perBatch = chunksPerBatch();
        for (int from = 0, n = 0; from < chunks.size(); from += perBatch, n++) {
            List<PlannedChunk> part = new ArrayList<>();
            for (Verifier.TableChunk c : chunks.subList(from, Math.min(chunks.size(), from + perBatch))) {
                Chunk k = c.chunk();
                part.add(new PlannedChunk(c.table().name(), k.seq(), k.lo(), k.hi(), k.estimatedRows(),
                        k.wholeTable()));
            }
            documents.put(taskId, BATCH + run + "#" + n, new Batch(part));
            batches.add(n);
        }
        Plan plan = new Plan(run, batches.size(), chunks.size(), covered.isPresent() ? covered.getAsLong() : null,
                Instant.now());
        documents.put(taskId, PLAN, plan);
        WorkflowVerifyProgress.planned(documents, taskId, plan, targets.size());
        return batches;
    }

    /**
     * Compares the chunks of batch {@code n} without a stored result, in parallel, until {@code deadlineNanos}
     * (System.nanoTime; a chunk started before it finishes); returns how many are still without a result.
     */
    public int runBatch(String taskId, int n, long deadlineNanos) throws SQLException, InterruptedException {
        TaskSpec spec = tasks.require(taskId).spec();
        Plan plan = requirePlan(taskId);
        Batch batch = documents.get(taskId, BATCH + plan.run() + "#" + n, Batch.class).orElseThrow(() ->
                new IllegalStateException("verification batch " + n + " of run " + plan.run() + " of task " + taskId
                        + " is not stored; run the Verify state again from its plan"));
        return VerificationService.throttled(table, taskId, spec, throttler -> {
            Verifier verifier = new Verifier(spec, options(spec), new StateCheckpoint(table, taskId),
                    throttler);
            Map<String, TableTarget> targets = new LinkedHashMap<>();
            verifier.targets().forEach(t -> targets.put(t.name(), t));
            List<Verifier.TableChunk> todo = new ArrayList<>();
            Map<Verifier.TableChunk, Integer> index = new java.util.IdentityHashMap<>();
            for (int i = 0; i < batch.chunks().size(); i++) {
                PlannedChunk p = batch.chunks().get(i);
                if (documents.get(taskId, resultKey(plan, n, i)).isPresent()) {
                    continue;
                }
                TableTarget t = targets.get(p.table());
                if (t == null) {
                    throw new IllegalStateException("table " + p.table() + " of the verification plan is no longer "
                            + "selected or no longer exists; run the Verify state again to plan anew");
                }
                Verifier.TableChunk c = new Verifier.TableChunk(t, new Chunk(t.model().ref(), p.seq(), p.lo(), p.hi(),
                        p.estimatedRows(), p.whole()));
                todo.add(c);
                index.put(c, i);
            }
            WorkflowVerifyProgress progress = new WorkflowVerifyProgress(table, documents, taskId, plan,
                    targets.size());
            try {
                return verifier.compare(todo, deadlineNanos, (c, o) -> {
                    store(taskId, resultKey(plan, n, index.get(c)), c.table().name(), o);
                    progress.chunkDone(o.sourceRows());
                });
            } finally {
                progress.flush();
            }
        });
    }

    /** Stores a chunk's result, listing fewer differences when their values would not fit in one item. */
    private void store(String taskId, String key, String tableName, ChunkOutcome o) {
        int listed = LISTED_PER_CHUNK;
        StoredResult r = StoredResult.of(tableName, o, listed);
        while (listed > 0 && size(r) > TaskDocuments.MAX_DOCUMENT_BYTES / 2) {
            listed /= 2;
            r = StoredResult.of(tableName, o, listed);
        }
        documents.put(taskId, key, r);
    }

    private static int size(Object document) {
        try {
            return TaskDocuments.json().writeValueAsBytes(document).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a verification result cannot be written as JSON", e);
        }
    }

    /** Merges the stored chunk results into per-table reports, stores them, and returns the verification's report. */
    public VerifyReport report(String taskId) throws SQLException {
        TaskSpec spec = tasks.require(taskId).spec();
        Plan plan = requirePlan(taskId);
        Map<String, List<ChunkOutcome>> byTable = new LinkedHashMap<>();
        Map<String, long[]> more = new LinkedHashMap<>();
        int stored = 0;
        for (var node : documents.list(taskId, RESULT + plan.run() + "#")) {
            StoredResult r = TaskDocuments.json().convertValue(node, StoredResult.class);
            byTable.computeIfAbsent(r.table(), k -> new ArrayList<>()).add(new ChunkOutcome(r.sourceRows(),
                    r.destRows(), r.rechecked(), r.differences() == null ? List.of()
                    : r.differences().stream().map(StoredDifference::difference).toList()));
            long[] m = more.computeIfAbsent(r.table(), k -> new long[3]);
            m[0] += r.moreMissing();
            m[1] += r.moreExtra();
            m[2] += r.moreChanged();
            stored++;
        }
        if (stored < plan.chunks()) {
            throw new IllegalStateException("verification run " + plan.run() + " of task " + taskId + " has "
                    + stored + " of " + plan.chunks() + " chunk results; the batches did not all finish");
        }
        List<TableReport> reports = new ArrayList<>();
        double seconds = (System.currentTimeMillis() - plan.plannedAt().toEpochMilli()) / 1e3;
        for (TableTarget t : new Verifier(spec, options(spec), BinlogCheckpoint.NONE).targets()) {
            List<ChunkOutcome> outcomes = byTable.get(t.name());
            if (outcomes == null) {
                reports.add(TableReport.failed(t.name(), t.destDb() + "." + t.destTable(), "the table was not "
                        + "selected when this verification was planned; verify again", 0));
                continue;
            }
            TableReport r = TableVerifier.report(t, outcomes, outcomes.size(), TableVerifier.method(t), seconds);
            long[] m = more.get(t.name());
            reports.add(new TableReport(r.table(), r.destTable(), r.key(), r.method(), r.sourceRows(), r.destRows(),
                    r.chunks(), r.rechecked(), r.missing() + m[0], r.extra() + m[1], r.changed() + m[2],
                    r.differences(), r.listed(), r.seconds(), r.error()));
        }
        VerifyReport report = new VerifyReport(reports, seconds);
        VerifyReports.save(documents, taskId, report, VerifyOptions.forTask(spec).maxListed());
        WorkflowVerifyProgress.finished(documents, taskId, plan, report);
        if (report.equal() && plan.coveredEpoch() != null) {
            VerificationService.markVerified(taskId, spec, OptionalLong.of(plan.coveredEpoch()));
        }
        return report;
    }

    private Plan requirePlan(String taskId) {
        return documents.get(taskId, PLAN, Plan.class).orElseThrow(() -> new IllegalStateException("task " + taskId
                + " has no verification plan (VERIFYPLAN); the Verify state plans it first"));
    }

    private static String resultKey(Plan plan, int batch, int i) {
        return RESULT + plan.run() + "#" + batch + "#" + String.format("%04d", i);
    }
}
