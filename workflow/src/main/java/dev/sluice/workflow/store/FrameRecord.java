package dev.sluice.workflow.store;

import java.time.Instant;

/**
 * The continuation of one thread of control (the top level, a Parallel branch or a Map iteration): the state to run
 * next with its input while RUNNING, or the final output/error once SUCCEEDED/FAILED.
 */
public record FrameRecord(String frameId, String status, String state, String input, long step, Instant enteredTime,
                          String output, String error, String cause, long version) {
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
}
