package dev.sluice.state;

/** No task has the given id: bad input (CLI exit code 2, HTTP 404), with how to find the right id. */
public class NoSuchTaskException extends IllegalArgumentException {
    public NoSuchTaskException(String taskId) {
        super("no task with id '" + taskId + "'; run 'sluice list' to see the task ids");
    }
}
