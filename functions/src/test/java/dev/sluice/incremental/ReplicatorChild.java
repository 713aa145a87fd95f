package dev.sluice.incremental;

import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;

/**
 * Test main: replicates one task in back-to-back slices (as the state machine would) until a slice ends on the
 * stop flag; run in a child JVM so tests can kill it with SIGKILL. Arguments: state-table endpoint, task id.
 * Engine settings come from {@code -Dsluice.incremental.*} system properties.
 */
public final class ReplicatorChild {
    private ReplicatorChild() {
    }

    public static void main(String[] args) {
        StateTable table = StateFixture.connect(args[0]);
        Tasks tasks = new Tasks(table);
        TaskDocuments documents = new TaskDocuments(table);
        TaskRecord task = tasks.require(args[1]);
        ReplicationState state = new StateTableReplicationState(task.id(), tasks, documents, table);
        ReplicatorConfig config = ReplicatorConfig.of(task.id(), task.spec().optionsOrDefaults().incrementalOrDefault());
        while (true) {
            SliceResult r = new Replicator(task.id(), task.spec(), state, config).runSlice();
            System.err.println("slice ended: " + r.reason() + " at " + r.status().file() + ":" + r.status().position());
            if (r.stopped()) {
                System.exit(0);
            }
        }
    }
}
