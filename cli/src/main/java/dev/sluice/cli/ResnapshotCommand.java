package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.table.TableRef;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice resnapshot ID}: recovers a task whose binlog was purged, keeping its history. */
@Command(name = "resnapshot", mixinStandardHelpOptions = true,
        description = "Recover a task that failed because the binlog it needed was purged from the source: "
                + "replication restarts at the source's current position and every selected table is copied "
                + "again, each with its own hand-off (any table may have lost changes), then the task resumes. "
                + "Its history (reports, counters) is kept. options.on_binlog_purged: resnapshot does this "
                + "automatically.")
public class ResnapshotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            platform.handSecrets(platform.control().tasks().require(id).spec(), "task " + id);
            List<TableRef> tables = platform.control().resnapshot(id);
            System.out.println(id + ": resnapshot started; replication continues from the source's current "
                    + "position and " + tables.size() + " table(s) are copied again: " + tables);
            return ExitCode.OK;
        }
    }
}
