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

    /** Starts this main in a child JVM with {@code -D} options {@code props}, output to {@code log}. */
    static Process launch(String stateEndpoint, String taskId, java.nio.file.Path log, java.util.List<String> props)
            throws java.io.IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(props);
        cmd.addAll(java.util.List.of(ReplicatorChild.class.getName(), stateEndpoint, taskId));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
