package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TableReload;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice reload ID db.table}: copies one table of a replicating task again, the others keep replicating. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Copy one table of a replicating task again, with its own hand-off, while the other tables "
                + "keep replicating. The destination table is emptied and copied; its binlog events are replayed "
                + "from the table's hand-off until it joins the task's stream ('sluice status' follows it).")
public class ReloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Parameters(index = "1", paramLabel = "DB.TABLE", description = "The source table, database.table.")
    String table;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = common.openExisting()) {
            TableReload r = platform.control().reload(id, table);
            System.out.println(id + ": reload of " + r.table() + " requested; it starts at the task's next "
                    + "replication slice (the task must be running: 'sluice resume " + id + "' if it is stopped)");
            return ExitCode.OK;
        }
    }
}
