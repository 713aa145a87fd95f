package dev.sluice.handler;

/** The input of most functions: which task to work on (everything else is read from the state table). */
public class TaskRef {
    public String taskId;

    public TaskRef() {
    }

    public TaskRef(String taskId) {
        this.taskId = taskId;
    }
}
