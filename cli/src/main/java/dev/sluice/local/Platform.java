package dev.sluice.local;

import dev.sluice.control.TaskControl;
import dev.sluice.state.StateTable;
import dev.sluice.task.TaskSpec;

/**
 * Where the CLI's tasks run: an embedded platform in this process, the platform of a running 'sluice serve', or
 * AWS. Each gives the same {@link TaskControl} (Step Functions API + state table).
 */
public interface Platform extends AutoCloseable {
    TaskControl control();

    StateTable stateTable();

    /** True when executions run inside this process (it must stay up while they run). */
    boolean runsExecutionsHere();

    /**
     * Hands the task's {@code env:}/{@code file:} passwords, resolved in this process, to the process that runs
     * its executions when that is another local process ('sluice serve'); nothing to do where executions run
     * here (they resolve them here) or on AWS.
     */
    default void handSecrets(TaskSpec spec, String what) {
    }

    /** One line for the user: where this platform is. */
    String describe();

    @Override
    void close();
}
