package dev.sluice.local;

import dev.sluice.control.TaskControl;
import dev.sluice.state.StateTable;

/**
 * Where the CLI's tasks run: an embedded platform in this process, the platform of a running 'sluice serve', or
 * AWS. Each gives the same {@link TaskControl} (Step Functions API + state table).
 */
public interface Platform extends AutoCloseable {
    TaskControl control();

    StateTable stateTable();

    /** True when executions run inside this process (it must stay up while they run). */
    boolean runsExecutionsHere();

    /** One line for the user: where this platform is. */
    String describe();

    @Override
    void close();
}
