package dev.sluice.state;

/**
 * Where a task is in its life, as the state table records it. {@code CUT_OVER}: a cutover verified the
 * destination equal at the source's final position and stopped the replication (the application moves there).
 */
public enum TaskStatus {
    CREATED, RUNNING, STOPPING, STOPPED, SUCCEEDED, FAILED, CUT_OVER;

    public boolean isFinal() {
        return this == STOPPED || this == SUCCEEDED || this == FAILED || this == CUT_OVER;
    }
}
