package dev.sluice.cli;

import dev.sluice.state.TaskStatus;

/** The CLI's exit codes. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }

    /** The exit code that reports a task in {@code status}: {@link #FAILED} for a failed task, else {@link #OK}. */
    static int of(TaskStatus status) {
        return status == TaskStatus.FAILED ? FAILED : OK;
    }
}
