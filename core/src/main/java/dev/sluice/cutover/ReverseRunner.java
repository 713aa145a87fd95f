package dev.sluice.cutover;

import dev.sluice.task.TaskSpec;

/**
 * Runs the reverse task of {@code cutover --reverse} for the application layer (which owns the precheck and the
 * workflow): {@link #check} before the cutover stops any write, {@link #start} once the cutover is complete.
 */
public interface ReverseRunner {
    /** Throws (IllegalStateException), with the reasons and what to do, when the reverse task would not pass its precheck. */
    void check(TaskSpec reverse);

    /** Starts the stored reverse task {@code taskId} (its workflow: connectivity, precheck, replication). */
    void start(String taskId, TaskSpec reverse);
}
