package dev.sluice.state;

/**
 * Every item of a task's partition {@code TASK#<id>} in the state table: its sort key (or sort-key prefix, then a
 * suffix such as {@code <db>.<table>}), who writes it and its shape. The one place these keys are spelled; the
 * table in ARCHITECTURE.md lists the same items (checked by {@code TaskItemTest}). Items of the local Step
 * Functions runner live in other partitions ({@code SM#}, {@code EXEC#}) and are the workflow module's.
 */
public enum TaskItem {
    META("META", null, "the task: name, spec (JSON, password references only), status, phase, stopRequested, "
            + "executionArn, error (attributes; Tasks)"),
    CONNECTIVITY("CONNECTIVITY", null, "result of the connectivity test (doc: ConnectivityReport)"),
    PRECHECK("PRECHECK", null, "result of the precheck (doc: PrecheckReport)"),
    SCHEMA_REPORT("SCHEMA#REPORT#", "<db>", "every change the schema phase made to an object of a source database "
            + "(doc: SchemaReport)"),
    SCHEMA_PREEXISTING("SCHEMA#PREEXISTING", null, "destination objects that existed before the task, never dropped "
            + "as ours on a re-run (doc: names)"),
    SCHEMA_INDEXES("SCHEMA#INDEXES#", "<db>.<table>", "the secondary-index ALTERs the create phase deferred for a "
            + "destination table (doc: DeferredIndexes)"),
    SCHEMA_AFTER_REPLAY("SCHEMA#AFTERREPLAY", null, "unique-key ALTERs replication runs once it has replayed past "
            + "the copy (doc: {statements}); deleted when built"),
    HANDOFF("HANDOFF", null, "binlog position taken before the first chunk is read, written once (doc: "
            + "BinlogPosition: file, position, gtidSet)"),
    HANDOFF_SCHEMA("HANDOFFSCHEMA", null, "the selected tables' columns at the hand-off position (doc: "
            + "SourceColumns.Snapshot)"),
    FULLCOPY_PLAN("FULLCOPY#PLAN", null, "plan-complete marker: every table's chunks are in the ledger (doc: "
            + "PlanResult)"),
    TABLE("TABLE#", "<db>.<table>", "per-table copy progress: rows estimated/copied, bytes, chunks total/done (doc: "
            + "TablePlan)"),
    CHUNK("CHUNK#", "<db>.<table>#<seq>", "chunk ledger: range, state planned/claimed/done, lease expiry, fencing "
            + "token (attributes; ChunkLedger)"),
    CHUNKS_DONE("CHUNKSDONE#", "<db>.<table>", "count of the table's chunks marked done (atomic ADD)"),
    INDEX_BUILD("INDEXBUILD#", "<db>.<table>", "claim (conditional put) of the worker that builds a table's deferred "
            + "indexes right after its last chunk (attributes owner, startedAt)"),
    CHECKPOINT_BINLOG("CHECKPOINT#BINLOG", null, "mirror of the applied binlog position and delay (doc: "
            + "ReplicationStatus); the truth is the destination's checkpoint table"),
    REPLICATION_HISTORY("REPLHISTORY", null, "the replication delay, rows and transactions every 10 s, the last 30 "
            + "minutes, for the console's chart (doc: ReplicationHistory)"),
    SCHEMA_HISTORY("SCHEMAHIST#", "<seq>", "schema history for decoding binlog rows without full row metadata (doc: "
            + "SchemaHistory.Entry)"),
    VERIFY("VERIFY#", "<db>.<table>", "verification report per table (doc: TableReport)"),
    VERIFY_PROGRESS("VERIFYPROGRESS", null, "the running or last verification: purpose, tables/chunks done, rows "
            + "compared, finish time and result (doc: VerifyProgress)"),
    THROTTLE("THROTTLE", null, "live throttle limits and the current pause reason (ThrottleItem)"),
    CUTOVER("CUTOVER", null, "what a cutover did to the source: read_only/super_read_only before, state, write-stop "
            + "window, the reverse task of cutover --reverse (doc: CutoverRecord)"),
    RETRY("RETRY", null, "the current or last outage being retried: what, since, attempts, next attempt, window end, "
            + "spent (handler.RetryGuard)"),
    VERIFY_PLAN("VERIFYPLAN", null, "the workflow's chunked verification: the run's plan (batches, chunks, epoch "
            + "covered) and its chunksDone/rowsCompared counters (atomic ADD; verification.ChunkedVerification, "
            + "WorkflowVerifyProgress)"),
    VERIFY_BATCH("VERIFYBATCH#", "<run>#<n>", "a batch of at most 200 chunk ranges of a chunked verification run"),
    RELOAD("RELOAD#", "<db>.<table>", "a table copied again while the task replicates, with its own hand-off: "
            + "state REQUESTED/COPYING/CATCHUP/JOINED/DONE/FAILED, hand-off and join positions (doc: TableReload)"),
    VERIFY_RESULT("VERIFYRESULT#", "<run>#<n>#<i>", "one chunk's result of a chunked verification run (counts, "
            + "listed differences)");

    private final String key;
    private final String suffix;
    private final String shape;

    TaskItem(String key, String suffix, String shape) {
        this.key = key;
        this.suffix = suffix;
        this.shape = shape;
    }

    /** The sort key of a single item; fails for an item family (which needs {@link #sk(String)}). */
    public String sk() {
        if (suffix != null) {
            throw new IllegalStateException(name() + " is a family of items: use sk(" + suffix + ")");
        }
        return key;
    }

    /** The sort key of one item of a family: the prefix followed by {@code suffix} (e.g. {@code db.table}). */
    public String sk(String suffix) {
        if (this.suffix == null) {
            throw new IllegalStateException(name() + " is a single item: use sk()");
        }
        return key + suffix;
    }

    /** The sort key, or for a family the prefix every item of it starts with (for queries). */
    public String prefix() {
        return key;
    }

    /** True for a family of items ({@code prefix + suffix}). */
    public boolean isFamily() {
        return suffix != null;
    }

    /** What follows the prefix of a family (as written in ARCHITECTURE.md), or null. */
    public String suffix() {
        return suffix;
    }

    /** Who writes the item and its JSON shape. */
    public String shape() {
        return shape;
    }
}
