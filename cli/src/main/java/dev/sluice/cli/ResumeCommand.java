package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice resume ID}: a new execution for a failed or stopped task, continuing from its checkpoints. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a failed or stopped task at the phase it was in, from its checkpoints "
                + "(chunk ledger, binlog position).")
public class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Option(names = {"-f", "--follow"}, description = "Show live progress until the task ends.")
    boolean follow;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            platform.handSecrets(platform.control().tasks().require(id).spec(), "task " + id);
            TaskRecord t = platform.control().resume(id);
            System.out.println(t.id() + " resumed at phase " + t.phase());
            if (follow || platform.runsExecutionsHere()) {
                return new Follower(platform.control(), follow).follow(t.id());
            }
            return ExitCode.OK;
        }
    }
}
