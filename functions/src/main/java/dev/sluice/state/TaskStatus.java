package dev.sluice.state;

/** Where a task is in its life, as the state table records it. */
public enum TaskStatus {
    CREATED, RUNNING, STOPPING, STOPPED, SUCCEEDED, FAILED;

    public boolean isFinal() {
        return this == STOPPED || this == SUCCEEDED || this == FAILED;
    }
}
