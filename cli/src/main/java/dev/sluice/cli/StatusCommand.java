package dev.sluice.cli;

import dev.sluice.control.TaskControl;
import dev.sluice.local.Platform;
import dev.sluice.state.TaskDocuments;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice status ID}: phase, per-table progress, replication delay, reports. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a task: status, phase, workflow state, per-table progress, replication delay, reports.")
public class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--reports", description = "Also print the whole precheck and schema reports.")
    boolean reports;

    @Option(names = {"-f", "--follow"}, description = "Keep showing live progress until the task ends.")
    boolean follow;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            if (follow) {
                return new Follower(platform.control(), true).follow(id);
            }
            TaskControl.TaskView v = platform.control().status(id);
            if (json) {
                System.out.println(TaskDocuments.json().writerWithDefaultPrettyPrinter().writeValueAsString(v));
            } else {
                System.out.print(StatusPrinter.render(v, reports));
            }
            return ExitCode.of(v.task().status());
        }
    }
}
