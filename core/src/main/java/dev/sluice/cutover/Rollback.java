package dev.sluice.cutover;

import dev.sluice.db.ServerInfo;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.verification.Sessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * {@code sluice rollback ID}: switches a task cut over with {@code --reverse} back to its source. It is the cutover
 * of the reverse task: wait until it is not delayed, make the destination read-only (recorded, restored on
 * failure), drain it to the destination's final position, verify the keys it changed, stop it; then the source,
 * writable since the cutover, takes the application's writes again. The forward task's record becomes
 * {@link CutoverRecord.State#ROLLED_BACK}.
 */
public final class Rollback {
    private final String taskId;
    private final TaskSpec forward;
    private final StateTable table;
    private final TaskDocuments documents;
    private final CutoverOptions options;
    private final Consumer<String> progress;

    public Rollback(String taskId, TaskSpec forward, StateTable table, CutoverOptions options,
                    Consumer<String> progress) {
        this.taskId = taskId;
        this.forward = forward;
        this.table = table;
        this.documents = new TaskDocuments(table);
        this.options = options.withReadOnly(true);
        this.progress = progress;
    }

    /** The reverse task's id; throws with what to do when the task has none to roll back through. */
    public String reverseTaskId() {
        CutoverRecord rec = CutoverRecord.read(documents, taskId).orElseThrow(() -> new IllegalStateException(
                "task " + taskId + " was not cut over; there is nothing to roll back"));
        if (rec.state() == CutoverRecord.State.ROLLED_BACK) {
            throw new IllegalStateException("task " + taskId + " was rolled back already: "
                    + rec.describe(taskId, Instant.now()));
        }
        if (rec.state() != CutoverRecord.State.CUT_OVER || rec.reverseTaskId() == null) {
            throw new IllegalStateException("task " + taskId + " has no reverse task (" + rec.describe(taskId,
                    Instant.now()) + "): rollback needs a cutover run with --reverse. Without it, the writes made "
                    + "on the destination since the cutover exist only there");
        }
        return rec.reverseTaskId();
    }

    public CutoverResult run() throws SQLException, InterruptedException {
        String reverseId = reverseTaskId();
        TaskRecord reverse = new Tasks(table).require(reverseId);
        progress.accept("rolling back through reverse task " + reverseId + " (" + forward.destination().address()
                + " -> " + forward.source().address() + ")");
        CutoverResult r = new Cutover(reverseId, reverse.spec(), table, options, () -> { }, progress).run();
        if (r.done()) {
            writable();
            CutoverRecord.read(documents, taskId).ifPresent(rec -> rec.with(CutoverRecord.State.ROLLED_BACK,
                    Instant.now(), r.writeStopSeconds(), String.format("writes stopped for %.1f s",
                            r.writeStopSeconds())).save(documents, taskId));
            progress.accept("rolled back: the source " + forward.source().address() + " has every change made "
                    + "on the destination; the destination " + forward.destination().address()
                    + " stays read-only as the fallback");
        }
        return r;
    }

    /** The source takes the application's writes again (it was writable for the reverse task already). */
    private void writable() throws SQLException {
        try (Connection src = Sessions.open(forward.source()); Statement st = src.createStatement()) {
            ServerInfo info = ServerInfo.of(src);
            boolean readOnly;
            try (ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
                rs.next();
                readOnly = rs.getInt(1) != 0;
            }
            if (readOnly) {
                if (!info.isMariaDb()) {
                    st.execute("SET GLOBAL super_read_only = OFF");
                }
                st.execute("SET GLOBAL read_only = OFF");
                progress.accept("the source " + forward.source().address() + " was read-only: set writable");
            }
        }
    }
}
