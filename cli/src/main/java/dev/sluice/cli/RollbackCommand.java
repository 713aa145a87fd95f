package dev.sluice.cli;

import dev.sluice.cutover.CutoverResult;
import dev.sluice.cutover.Rollback;
import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice rollback ID}: switches a task cut over with {@code --reverse} back to its source through the
 * reverse task (destination read-only, drain, verify the changed keys, stop the reverse task).
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Switch back to the source after 'sluice cutover ID --reverse': make the destination "
                + "read-only, drain the reverse task to the destination's final position, verify the keys it "
                + "changed, stop it; then point the application at the source again.",
                "Exit 1 when differences remain (the destination gets its writes back; fix and run rollback again)."})
public class RollbackCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The id of the task that was cut over (see 'sluice list').")
    String id;

    @Mixin
    SwitchOptions switching;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            TaskRecord task = platform.control().tasks().require(id);
            CutoverResult r = new Rollback(id, task.spec(), platform.stateTable(), switching.options(task.spec()),
                    line -> System.out.println("rollback: " + line)).run();
            System.out.print(r.toText().replace("Cutover complete: replication stopped at the final position "
                    + "(task CUT_OVER).", "Rollback complete: the reverse task stopped at the destination's final "
                    + "position."));
            return r.done() ? ExitCode.OK : ExitCode.FAILED;
        }
    }
}
