package dev.sluice.fidelity;

import dev.sluice.incremental.Replicator;
import dev.sluice.incremental.SliceResult;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.task.TaskSpec;

/**
 * The Sluice process of the randomized test, run in a child JVM so that it can be killed with SIGKILL at any
 * moment: takes the task from its persisted phase through schema, full copy and finish, then replicates in slices
 * until one ends on the stop flag. Arguments: state-table endpoint, task id.
 */
public final class FidelityChild {
    private FidelityChild() {
    }

    public static void main(String[] args) throws Exception {
        FidelityState st = FidelityState.connect(args[0]);
        String taskId = args[1];
        // like the workflow's Retry rule: a failure a retry may cure (Failures, as the functions classify it) is
        // retried from the persisted state
        for (int attempt = 1; ; attempt++) {
            try {
                Pipeline.runToIncremental(st, taskId, 2, null);
                break;
            } catch (Exception e) {
                if (attempt >= 20 || !dev.sluice.failure.Failures.isRetriable(e)) {
                    throw e;
                }
                System.err.println("FIDELITY-CHILD retrying after: " + e);
                Thread.sleep(500);
            }
        }
        System.err.println("FIDELITY-CHILD reached " + st.tasks.require(taskId).phase());
        TaskSpec spec = st.tasks.require(taskId).spec();
        while (true) {
            SliceResult r = new Replicator(taskId, spec,
                    new StateTableReplicationState(taskId, st.tasks, st.docs, st.table),
                    Pipeline.replicatorConfig(taskId)).runSlice();
            System.err.println("FIDELITY-CHILD slice ended: " + r.reason());
            if (r.stopped()) {
                System.exit(0);
            }
        }
    }
}
