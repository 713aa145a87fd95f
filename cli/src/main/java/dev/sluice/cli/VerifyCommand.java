package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.verification.BinlogCheckpoint;
import dev.sluice.verification.RepairResult;
import dev.sluice.verification.Repairer;
import dev.sluice.verification.TableTarget;
import dev.sluice.verification.VerificationService;
import dev.sluice.verification.Verifier;
import dev.sluice.verification.VerifyOptions;
import dev.sluice.verification.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice verify TASKFILE|ID}: chunked checksums of both sides, row-level differences, optional repair.
 * With a task id the report is stored with the task and a replicating task is compared at consistent points.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare source and destination: chunked checksums computed in the servers over the same key "
                + "ranges, then row-level differences (missing, extra, changed) in differing chunks.",
                "Exit 1 when differences remain."})
public class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASKFILE|ID", description = "A task file, or the id of a stored task.")
    String target;

    @Option(names = "--repair", description = "Rewrite the differing rows on the destination from the source.")
    boolean repair;

    @Option(names = "--dry-run", description = "With --repair: print the SQL instead of running it.")
    boolean dryRun;

    @Option(names = "--threads", description = "Chunks compared in parallel (default from the task).")
    Integer threads;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (dryRun && !repair) {
            throw new IllegalArgumentException("--dry-run goes with --repair");
        }
        VerifyReport report;
        RepairResult fix = null;
        VerifyReport after = null;
        if (Files.isRegularFile(Path.of(target))) {
            TaskSpec spec = TaskFiles.read(Path.of(target));
            VerifyOptions options = options(VerifyOptions.forTask(spec));
            Verifier verifier = new Verifier(spec, options, BinlogCheckpoint.NONE);
            List<TableTarget> targets = verifier.targets();
            report = verifier.verify(targets);
            if (repair && !report.equal()) {
                fix = new Repairer(spec).repair(targets, report, dryRun);
                if (!dryRun) {
                    List<String> differing = report.tables().stream().filter(t -> !t.equal()).map(t -> t.table()).toList();
                    after = verifier.verify(targets.stream().filter(t -> differing.contains(t.name())).toList());
                }
            }
        } else {
            try (Platform platform = common.openExisting()) {
                StateTable table = platform.stateTable();
                var control = platform.control();
                var service = new VerificationService(control.tasks(), control.documents(), table);
                var outcome = service.run(target, options(VerifyOptions.forTask(control.tasks().require(target).spec())),
                        repair, dryRun);
                report = outcome.report();
                fix = outcome.repair();
                after = outcome.afterRepair();
            }
        }
        print(report);
        if (fix != null) {
            if (dryRun) {
                System.out.println("-- repair (dry run): the SQL that would run on the destination");
                System.out.print(fix.script());
            } else {
                System.out.printf("repaired: %,d rows written, %,d rows deleted%n", fix.rowsWritten(), fix.rowsDeleted());
                System.out.println("after repair:");
                print(after);
            }
        }
        VerifyReport last = after != null ? after : report;
        return last.equal() ? ExitCode.OK : ExitCode.FAILED;
    }

    private VerifyOptions options(VerifyOptions base) {
        return threads == null ? base : base.withThreads(threads);
    }

    private void print(VerifyReport r) throws Exception {
        System.out.println(json ? TaskDocuments.json().writerWithDefaultPrettyPrinter().writeValueAsString(r) : r.toTable());
    }
}
