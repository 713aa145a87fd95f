package dev.sluice.verification;

import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.throttle.TaskThrottler;
import dev.sluice.throttle.Throttlers;
import dev.sluice.throttle.ThreadsRunningProbe;
import java.sql.SQLException;
import java.util.List;

/**
 * Verification of a stored task: runs the Verifier with the task's checkpoint (so a replicating task is compared
 * at consistent points), stores the per-table reports with the task and optionally repairs the differences and
 * verifies the repaired tables again. Used by the {@code verify} function, the CLI and cutover.
 */
public final class VerificationService {
    private final Tasks tasks;
    private final TaskDocuments documents;
    private final StateTable table;

    public VerificationService(Tasks tasks, TaskDocuments documents, StateTable table) {
        this.tasks = tasks;
        this.documents = documents;
        this.table = table;
    }

    /** What {@code sluice verify [--repair [--dry-run]]} did: the report, and the repair if one was asked for. */
    public record Outcome(VerifyReport report, RepairResult repair, VerifyReport afterRepair) {
        /** The report that decides the exit code: after the repair when one ran, else the verification. */
        public VerifyReport finalReport() {
            return afterRepair != null ? afterRepair : report;
        }
    }

    public VerifyReport verify(String taskId, VerifyOptions options) throws SQLException, InterruptedException {
        return run(taskId, options, false, false).report();
    }

    public Outcome run(String taskId, VerifyOptions options, boolean repair, boolean dryRun)
            throws SQLException, InterruptedException {
        TaskSpec spec = tasks.require(taskId).spec();
        TaskThrottler throttler = Throttlers.acquire(taskId, () -> new TaskThrottler(table, taskId,
                spec.throttleOrNone(), Throttlers.processShare(1), new ThreadsRunningProbe(spec.source())));
        try {
            return run(taskId, spec, new Verifier(spec, options, new StateCheckpoint(table, taskId), throttler),
                    options, repair, dryRun);
        } finally {
            Throttlers.release(taskId);
        }
    }

    private Outcome run(String taskId, TaskSpec spec, Verifier verifier, VerifyOptions options, boolean repair,
                        boolean dryRun) throws SQLException, InterruptedException {
        List<TableTarget> targets = verifier.targets();
        VerifyReport report = verifier.verify(targets);
        VerifyReports.save(documents, taskId, report, options.maxListed());
        if (!repair || report.equal()) {
            return new Outcome(report, null, null);
        }
        RepairResult fix = new Repairer(spec).repair(targets, report, dryRun);
        if (dryRun) {
            return new Outcome(report, fix, null);
        }
        List<String> differing = report.tables().stream().filter(t -> !t.equal()).map(TableReport::table).toList();
        VerifyReport after = verifier.verify(targets.stream().filter(t -> differing.contains(t.name())).toList());
        VerifyReports.save(documents, taskId, after, options.maxListed());
        return new Outcome(report, fix, after);
    }
}
