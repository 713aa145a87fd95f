package dev.sluice.handler;

/** The input of most functions: which task to work on (everything else is read from the state table). */
public class TaskRef {
    public String taskId;
    /** {@code $$.State.RetryCount} of the calling state (null or 0: a first call); see {@link RetryGuard}. */
    public Integer retryCount;

    public TaskRef() {
    }

    public TaskRef(String taskId) {
        this.taskId = taskId;
    }
}
