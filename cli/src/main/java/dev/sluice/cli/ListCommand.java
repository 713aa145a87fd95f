package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.state.TaskRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice list}: the tasks, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks, newest first.")
public class ListCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (Platform platform = common.openExisting()) {
            System.out.printf("%-40s %-10s %-14s %-20s %s%n", "ID", "STATUS", "PHASE", "CREATED", "SOURCE -> DESTINATION");
            for (TaskRecord t : platform.control().list()) {
                System.out.printf("%-40s %-10s %-14s %-20s %s -> %s%n", t.id(), t.status(), t.phase(),
                        t.createdAt().toString().substring(0, 19), t.spec().source().address(),
                        t.spec().destination().address());
            }
            return ExitCode.OK;
        }
    }
}
