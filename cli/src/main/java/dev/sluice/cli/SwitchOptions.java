package dev.sluice.cli;

import dev.sluice.cutover.CutoverOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.verification.VerifyOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What 'cutover' and 'rollback' share: how long to wait for 'not delayed' and how much the window compares. */
public class SwitchOptions {
    @Option(names = "--timeout", defaultValue = "1800", description = "Seconds to wait for 'not delayed' (default 1800).")
    int timeoutSeconds;

    @Option(names = "--full", description = "Compare every table in the write-stop window, not only the keys "
            + "replication changed since the last equal verification (slower: the window grows with the data).")
    boolean full;

    /** The cutover settings of a task with these options. */
    CutoverOptions options(TaskSpec spec) {
        return CutoverOptions.defaults(VerifyOptions.forTask(spec))
                .withFull(full)
                .withTimeouts(Duration.ofSeconds(timeoutSeconds), Duration.ofMinutes(10));
    }
}
