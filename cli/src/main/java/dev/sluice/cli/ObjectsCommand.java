package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TableReload;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice objects ID --add db.t --remove db.u}: changes the tables of a replicating task. */
@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "Change the tables of a replicating task. --add: the destination table is created, copied "
                + "with its own hand-off and joins replication while the others keep replicating. --remove: "
                + "replication of the table stops; its destination table is left in place.")
public class ObjectsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Option(names = "--add", paramLabel = "DB.TABLE", description = "A source table to add (repeatable).")
    List<String> add = List.of();

    @Option(names = "--remove", paramLabel = "DB.TABLE", description = "A source table to remove (repeatable).")
    List<String> remove = List.of();

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (add.isEmpty() && remove.isEmpty()) {
            System.err.println("nothing to change: give --add DB.TABLE and/or --remove DB.TABLE");
            return ExitCode.BAD_INPUT;
        }
        try (Platform platform = common.openExisting()) {
            for (String t : remove) {
                System.out.println(platform.control().removeTable(id, t));
            }
            for (String t : add) {
                TableReload r = platform.control().addTable(id, t);
                System.out.println(r.table() + " added to task " + id + ": its destination table is created; it is "
                        + "copied with its own hand-off from the next replication slice ('sluice status " + id
                        + "' follows it)");
            }
            return ExitCode.OK;
        }
    }
}
