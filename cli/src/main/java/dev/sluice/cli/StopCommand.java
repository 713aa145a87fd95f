package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice stop ID}: stops a task (binlog replication ends at a transaction boundary). */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a task. Replication ends at a transaction boundary with its checkpoint committed; "
                + "earlier phases stop at once. 'sluice resume ID' continues later.")
public class StopCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Option(names = "--wait", description = "Wait until the task has stopped.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "900", description = "Seconds to wait with --wait (default 900).")
    int timeoutSeconds;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            TaskRecord t = platform.control().stop(id);
            long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
            while (await && !t.status().isFinal() && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                t = platform.control().tasks().require(id);
            }
            System.out.println(id + " " + t.status() + (t.status() == TaskStatus.STOPPING
                    ? " (replication stops at the next transaction boundary)" : ""));
            return ExitCode.of(t.status());
        }
    }
}
