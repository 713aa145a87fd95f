package dev.sluice.cutover;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.db.TouchedKeys;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.verification.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code cutover --reverse}: before writes stop, builds the reverse task (destination → source, {@link ReverseSpec})
 * and has it checked ({@link ReverseRunner#check}: its precheck — destination binlog ON, ROW, FULL image, a
 * replication account on the destination); once the cutover is equal, takes the destination's binlog position (no
 * one writes there yet: the application has not been switched), makes the source writable again for the reverse
 * task's apply, marks the reverse task's starting point as verified (its rollback then compares only the keys it
 * changed, ADR 0053) and starts it.
 */
final class ReverseStart {
    private final String taskId;
    private final TaskSpec forward;
    private final Tasks tasks;
    private final TaskDocuments documents;
    private final ReverseRunner runner;
    private final Consumer<String> progress;
    private Map<String, List<String>> tables;

    ReverseStart(String taskId, TaskSpec forward, Tasks tasks, TaskDocuments documents, ReverseRunner runner,
                 Consumer<String> progress) {
        this.taskId = taskId;
        this.forward = forward;
        this.tasks = tasks;
        this.documents = documents;
        this.runner = runner;
        this.progress = progress;
    }

    /** Before anything changes: the reverse task can be built and passes its precheck; throws otherwise. */
    void check(Connection src) throws SQLException {
        tables = ReverseSpec.selectedTables(src, forward);
        TaskSpec reverse = ReverseSpec.of(forward, tables, null);
        try (Connection dst = Sessions.open(forward.destination())) {
            BinlogPosition.current(dst, ServerInfo.of(dst)); // log_bin OFF fails here with what to do
        }
        runner.check(reverse);
        progress.accept("reverse replication " + forward.destination().address() + " -> "
                + forward.source().address() + " passed its precheck (" + tables.values().stream()
                .mapToInt(List::size).sum() + " tables)");
    }

    /** The destination's position now, where the reverse task starts (call after the equal verification). */
    BinlogPosition destinationPosition() throws SQLException {
        try (Connection dst = Sessions.open(forward.destination())) {
            return BinlogPosition.current(dst, ServerInfo.of(dst));
        }
    }

    /**
     * After the forward task is cut over: the source writable, the reverse task stored, seeded and started.
     * Returns its id.
     */
    String begin(Connection src, ServerInfo info, BinlogPosition from) throws Exception {
        TaskSpec reverse = ReverseSpec.of(forward, tables, from);
        try (Statement st = src.createStatement()) {
            if (!info.isMariaDb()) {
                st.execute("SET GLOBAL super_read_only = OFF");
            }
            st.execute("SET GLOBAL read_only = OFF");
        }
        String id = tasks.create(reverse).id();
        TouchedKeys.seedVerified(src, id);
        CutoverRecord.read(documents, taskId).ifPresent(r -> r.withReverse(id, "reverse task " + id + " from "
                + from.describe()).save(documents, taskId));
        runner.start(id, reverse);
        progress.accept("reverse task " + id + " started: " + forward.destination().address() + " -> "
                + forward.source().address() + " from " + from.describe());
        return id;
    }

    /** What the operator does next once the reverse task runs. */
    List<String> nextSteps(String reverseId) {
        String user = forward.source().user();
        return List.of("the source " + forward.source().address() + " is writable again, for the reverse task "
                        + reverseId + " only: its apply user" + (user == null ? "" : " '" + user + "'") + " writes "
                        + "the destination's changes there. Do NOT point the application at the source; it writes "
                        + "to the destination " + forward.destination().address() + " now",
                "to switch back: 'sluice rollback " + taskId + "' (makes the destination read-only, drains and "
                        + "verifies the reverse task, then the application may write to the source again)");
    }
}
