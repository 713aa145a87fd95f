package dev.sluice.workflow.engine;

/** Unwinds a thread of an execution that was stopped, timed out, or whose sibling branch failed; never caught by ASL. */
public class ExecutionInterrupted extends RuntimeException {
    public ExecutionInterrupted(String message) {
        super(message, null, false, false);
    }
}
