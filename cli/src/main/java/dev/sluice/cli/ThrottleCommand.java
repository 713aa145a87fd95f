package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.throttle.ThrottleItem;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice throttle ID ...}: changes a running task's limits; workers pick them up within a second, also those
 * already waiting.
 */
@Command(name = "throttle", mixinStandardHelpOptions = true,
        description = "Show or change a task's throttle while it runs (0 = unlimited / off). Running copy workers "
                + "read the new limits within a second (workers already waiting too).")
public class ThrottleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "Task id (see 'sluice list').")
    String id;

    @Option(names = "--rows-per-second", description = "Rows per second across the task's workers.")
    Long rows;

    @Option(names = "--bytes-per-second", description = "Bytes per second across the task's workers.")
    Long bytes;

    @Option(names = "--max-threads-running", description = "Pause while the source's Threads_running is above this.")
    Integer threads;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if ((rows != null && rows < 0) || (bytes != null && bytes < 0) || (threads != null && threads < 0)) {
            throw new IllegalArgumentException("throttle limits must be 0 (unlimited) or more");
        }
        try (Platform platform = common.openExisting()) {
            var table = platform.stateTable();
            platform.control().tasks().require(id);
            ThrottleSpec current = ThrottleItem.read(table, id).map(ThrottleItem::limits)
                    .orElse(platform.control().tasks().require(id).spec().throttleOrNone());
            if (rows != null || bytes != null || threads != null) {
                ThrottleItem.setLimits(table, id, new ThrottleSpec(
                        rows != null ? rows : current.rowsPerSecond(),
                        bytes != null ? bytes : current.bytesPerSecond(),
                        threads != null ? threads : current.maxThreadsRunning()));
            }
            System.out.println(ThrottleItem.read(table, id).map(ThrottleItem::describe)
                    .orElse("no throttle state yet (the full copy has not been planned); limits from the task file: "
                            + current));
            return ExitCode.OK;
        }
    }
}
