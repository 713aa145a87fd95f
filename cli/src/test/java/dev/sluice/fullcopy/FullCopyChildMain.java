package dev.sluice.fullcopy;

import dev.sluice.state.TaskRecord;
import java.nio.file.Path;

/**
 * A worker process for the kill test: opens the on-disk embedded DynamoDB, then runs {@code workers} worker loops
 * of the task until the copy is done. Args: dataDir stateTable taskId workers leaseMillis.
 */
public final class FullCopyChildMain {
    private FullCopyChildMain() {
    }

    public static void main(String[] args) throws Exception {
        try (TestState state = TestState.onDisk(Path.of(args[0]), args[1])) {
            TaskRecord task = state.tasks.require(args[2]);
            System.out.println("CHILD STARTED");
            System.out.flush();
            int copied = FullCopyScenario.runWorkers(state, task, Integer.parseInt(args[3]), Long.parseLong(args[4]));
            System.out.println("CHILD DONE " + copied);
        }
    }
}
