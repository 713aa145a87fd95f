package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Switches a replicating task over to the destination: waits until replication is not delayed, stops writes on
 * the source (SET GLOBAL super_read_only/read_only when asked, else the operator confirms the application has
 * stopped writing), records the source's final binlog position, waits until the checkpoint has applied it
 * (drain), verifies, and only when the data is equal asks the task to stop. It returns what to switch and the
 * reminder to drop the migration accounts.
 */
public final class Cutover {
    /** Blocks until the operator says the application no longer writes to the source. */
    @FunctionalInterface
    public interface WritesStopped {
        void await() throws InterruptedException;
    }

    private final String taskId;
    private final TaskSpec spec;
    private final Tasks tasks;
    private final BinlogCheckpoint checkpoint;
    private final CutoverOptions options;
    private final WritesStopped writesStopped;
    private final Consumer<String> progress;

    public Cutover(String taskId, TaskSpec spec, Tasks tasks, BinlogCheckpoint checkpoint, CutoverOptions options,
                   WritesStopped writesStopped, Consumer<String> progress) {
        this.taskId = taskId;
        this.spec = spec;
        this.tasks = tasks;
        this.checkpoint = checkpoint;
        this.options = options;
        this.writesStopped = writesStopped;
        this.progress = progress;
    }

    public CutoverResult run() throws SQLException, InterruptedException {
        CheckpointState cp = waitNotDelayed();
        progress.accept("replication is not delayed (" + cp.describe() + ")");
        boolean readOnly = false;
        BinlogPosition last;
        try (Connection src = Sessions.open(spec.source())) {
            ServerInfo info = ServerInfo.of(src);
            if (options.setReadOnly()) {
                setReadOnly(src, info);
                readOnly = true;
                progress.accept("source " + spec.source().address() + " is read-only now");
            } else {
                progress.accept("waiting for the application to stop writing to " + spec.source().address());
                writesStopped.await();
            }
            last = BinlogPosition.current(src, info);
            progress.accept("final source position " + last.describe() + "; draining");
            drain(last, src, info);
        }
        progress.accept("destination has applied the final position; verifying");
        VerifyReport report = new Verifier(spec, options.verify(), checkpoint).verify();
        boolean stopped = false;
        if (report.equal()) {
            tasks.requestStop(taskId);
            stopped = true;
        }
        return new CutoverResult(last, report, stopped, readOnly, nextSteps(report.equal(), readOnly));
    }

    /** Waits until the checkpoint reports a delay at or below the limit, recently written. */
    CheckpointState waitNotDelayed() throws InterruptedException {
        Instant deadline = Instant.now().plus(options.notDelayedTimeout());
        Optional<CheckpointState> cp = checkpoint.read();
        while (true) {
            if (cp.isPresent() && cp.get().notDelayed(options.maxDelaySeconds(), 60, Instant.now())) {
                return cp.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(cp.isEmpty()
                        ? "task " + taskId + " has no replication checkpoint (CHECKPOINT#BINLOG): cutover needs "
                        + "incremental replication running; start or resume the task first"
                        : "replication of task " + taskId + " is still delayed (" + cp.get().describe() + ") after "
                        + options.notDelayedTimeout().toSeconds() + " s; nothing was changed, try again later");
            }
            Thread.sleep(500);
            cp = checkpoint.read();
        }
    }

    /** Waits until the checkpoint has passed the final source position. */
    void drain(BinlogPosition last, Connection src, ServerInfo info) throws InterruptedException, SQLException {
        Instant deadline = Instant.now().plus(options.drainTimeout());
        while (true) {
            Optional<CheckpointState> cp = checkpoint.read();
            if (cp.isPresent() && PositionOrder.reached(cp.get(), last, src, info)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the destination has not applied the source up to "
                        + last.describe() + " within " + options.drainTimeout().toSeconds() + " s (checkpoint "
                        + cp.map(CheckpointState::describe).orElse("missing") + "); the task keeps running, the "
                        + "source stays as it is; check 'sluice status " + taskId + "' and run cutover again");
            }
            Thread.sleep(200);
        }
    }

    private static void setReadOnly(Connection src, ServerInfo info) throws SQLException {
        try (Statement st = src.createStatement()) {
            st.execute("SET GLOBAL read_only = ON");
            if (!info.isMariaDb()) {
                st.execute("SET GLOBAL super_read_only = ON");
            }
        } catch (SQLException e) {
            throw new SQLException("cannot make the source read-only (" + e.getMessage() + "); grant the "
                    + "migration user SUPER or SYSTEM_VARIABLES_ADMIN, or stop the writes yourself and run "
                    + "cutover without --read-only", e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private List<String> nextSteps(boolean equal, boolean readOnly) {
        List<String> steps = new ArrayList<>();
        if (equal) {
            StringBuilder dbs = new StringBuilder();
            var mapping = spec.mappingOrNone();
            if (mapping.databases() != null && !mapping.databases().isEmpty()) {
                mapping.databases().forEach((s, d) -> dbs.append(dbs.length() == 0 ? "" : ", ")
                        .append(s).append(" -> ").append(d));
            }
            steps.add("point the application at " + spec.destination().address()
                    + (dbs.length() == 0 ? "" : " (databases " + dbs + ")") + " and start its writes there");
            if (readOnly) {
                steps.add("the source " + spec.source().address() + " stays read-only as a fallback; "
                        + "SET GLOBAL super_read_only = OFF, read_only = OFF only if you roll back to it");
            }
            steps.add("drop the migration accounts: '" + spec.source().user() + "' on the source and '"
                    + spec.destination().user() + "' on the destination (DROP USER), or at least revoke their "
                    + "replication and write privileges; they are no longer needed");
        } else {
            steps.add("run 'sluice verify " + taskId + " --repair' (add --dry-run to see the SQL first), then run "
                    + "cutover again");
            if (readOnly) {
                steps.add("the source is read-only: the application cannot write until you switch or run "
                        + "SET GLOBAL super_read_only = OFF, read_only = OFF on it");
            }
        }
        return steps;
    }
}
