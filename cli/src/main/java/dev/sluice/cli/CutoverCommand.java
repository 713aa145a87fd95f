package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import dev.sluice.cutover.Cutover;
import dev.sluice.cutover.CutoverOptions;
import dev.sluice.cutover.CutoverRecord;
import dev.sluice.cutover.CutoverResult;
import dev.sluice.control.ReverseTasks;
import dev.sluice.verification.VerifyOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice cutover ID}: waits until replication is not delayed, stops writes on the source (read-only, or
 * the operator confirms), drains to the final position, verifies, stops the task and says what to switch;
 * {@code --abort} (and an interrupt) gives the source back its previous read-only settings.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = {"Switch over: wait for 'not delayed', stop writes on the source (--read-only sets it, "
                + "otherwise you confirm that the application has stopped writing), drain replication to the "
                + "final position, verify, stop the task, then print what to switch.",
                "Exit 1 when differences remain (the task keeps replicating; fix and run cutover again)."})
public class CutoverCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Option(names = "--read-only", description = "Set the source read-only (SET GLOBAL read_only/super_read_only).")
    boolean readOnly;

    @Option(names = "--yes", description = "Do not ask: the application has already stopped writing to the source.")
    boolean yes;

    @Mixin
    SwitchOptions switching;

    @Option(names = "--abort", description = "Undo an unfinished cutover: give the source back the read_only/"
            + "super_read_only it had before Sluice set them (after a crash or interrupt).")
    boolean abort;

    @Option(names = "--reverse", description = "Start a reverse task at the cutover (destination -> source, "
            + "from the destination's position then), so that 'sluice rollback ID' can switch back without losing "
            + "the writes made on the destination. Checked before any write stops; the source becomes writable "
            + "again for the reverse task only (keep the application on the destination).")
    boolean reverse;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            var control = platform.control();
            TaskRecord task = control.tasks().require(id);
            if (abort) {
                System.out.println(new Cutover(id, task.spec(), platform.stateTable(),
                        CutoverOptions.defaults(VerifyOptions.forTask(task.spec())), () -> { }, line -> { }).abort());
                return ExitCode.OK;
            }
            CutoverOptions options = switching.options(task.spec()).withReadOnly(readOnly);
            Cutover.WritesStopped confirm = () -> {
                if (readOnly || yes) {
                    return;
                }
                System.out.println("Stop the application's writes to " + task.spec().source().address()
                        + ", then press Enter (or run with --read-only / --yes).");
                try {
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot read the confirmation; use --yes or --read-only", e);
                }
            };
            Cutover cutover = new Cutover(id, task.spec(), platform.stateTable(), options, confirm,
                    line -> System.out.println("cutover: " + line));
            if (reverse) {
                cutover.withReverse(new ReverseTasks(control, (rid, spec) -> platform.handSecrets(spec,
                        "reverse task " + rid)));
            }
            // Ctrl-C / kill: give the source its writes back before the JVM goes (the record keeps the old values)
            Thread restore = new Thread(() -> {
                try {
                    System.out.println("cutover: interrupted; " + cutover.abort());
                } catch (Exception e) {
                    System.err.println("cutover: interrupted and could not restore the source: " + e.getMessage()
                            + "; run 'sluice cutover " + id + " --abort'");
                }
            }, "sluice-cutover-restore");
            Runtime.getRuntime().addShutdownHook(restore);
            CutoverResult result;
            try {
                result = cutover.run();
            } finally {
                Runtime.getRuntime().removeShutdownHook(restore);
            }
            System.out.print(result.toText());
            String reverseId = reverse && result.done() ? CutoverRecord.read(control.documents(), id)
                    .map(CutoverRecord::reverseTaskId).orElse(null) : null;
            if (reverseId != null && platform.runsExecutionsHere()) {
                System.err.println("the reverse task " + reverseId + " runs in this process (" + platform.describe()
                        + "); Ctrl-C pauses it, 'sluice resume " + reverseId + "' continues");
                new Follower(control, false).follow(reverseId);
            }
            return result.done() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
