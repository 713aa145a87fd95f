package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice start TASKFILE}: stores a task and starts its workflow execution; prints the task id. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a migration task: connectivity test, precheck, schema, full copy, binlog replication "
                + "(as the task file selects). Prints the task id.",
                "Without a running 'sluice serve' the task runs inside this command, which then stays in the "
                        + "foreground until the task ends (Ctrl-C pauses it; 'sluice resume ID' continues)."})
public class StartCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASKFILE", description = "The YAML task file.")
    Path taskFile;

    @Option(names = {"-f", "--follow"}, description = "Show live progress per phase and table until the task ends.")
    boolean follow;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        TaskSpec spec = TaskFiles.read(taskFile);
        try (Platform platform = common.open()) {
            platform.handSecrets(spec, "task file " + taskFile);
            TaskRecord t = platform.control().start(spec);
            System.out.println(t.id());
            if (follow || platform.runsExecutionsHere()) {
                if (!follow) {
                    System.err.println("running in this process (" + platform.describe() + "); "
                            + "use 'sluice serve' to run tasks in the background");
                }
                return new Follower(platform.control(), follow).follow(t.id());
            }
            return ExitCode.OK;
        }
    }
}
