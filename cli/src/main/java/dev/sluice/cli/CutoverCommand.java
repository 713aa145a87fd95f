package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import dev.sluice.cutover.Cutover;
import dev.sluice.cutover.CutoverOptions;
import dev.sluice.cutover.CutoverResult;
import dev.sluice.verification.VerifyOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    @Option(names = "--timeout", defaultValue = "1800", description = "Seconds to wait for 'not delayed' (default 1800).")
    int timeoutSeconds;

    @Option(names = "--full", description = "Compare every table in the write-stop window, not only the keys "
            + "replication changed since the last equal 'sluice verify' (slower: the window grows with the data).")
    boolean full;

    @Option(names = "--abort", description = "Undo an unfinished cutover: give the source back the read_only/"
            + "super_read_only it had before Sluice set them (after a crash or interrupt).")
    boolean abort;

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
            CutoverOptions options = CutoverOptions.defaults(VerifyOptions.forTask(task.spec()))
                    .withReadOnly(readOnly)
                    .withFull(full)
                    .withTimeouts(Duration.ofSeconds(timeoutSeconds), Duration.ofMinutes(10));
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
            return result.done() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
