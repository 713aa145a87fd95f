package dev.sluice.workflow.store;

import java.time.Instant;

/**
 * A stored execution: status (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED), input/output, error/cause, and the
 * definition it runs (a snapshot taken at start, so UpdateStateMachine does not change running executions).
 */
public record ExecutionRecord(String arn, String name, String stateMachineArn, String status, String input,
                              String output, String error, String cause, Instant startDate, Instant stopDate,
                              String definition, long version) {
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String ABORTED = "ABORTED";

    /** A copy closed with the given status and result. */
    public ExecutionRecord closed(String newStatus, String newOutput, String newError, String newCause, Instant when) {
        return new ExecutionRecord(arn, name, stateMachineArn, newStatus, input, newOutput, newError, newCause, startDate,
                when, definition, version);
    }

    public boolean isRunning() {
        return RUNNING.equals(status);
    }
}
