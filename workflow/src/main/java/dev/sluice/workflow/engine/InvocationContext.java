package dev.sluice.workflow.engine;

/** What a running function can ask the runner: remaining time (from TimeoutSeconds) and a heartbeat callback. */
public final class InvocationContext {
    private final String executionArn;
    private final String stateName;
    private final long deadlineNanos;
    private final Runnable heartbeat;

    public InvocationContext(String executionArn, String stateName, long deadlineNanos, Runnable heartbeat) {
        this.executionArn = executionArn;
        this.stateName = stateName;
        this.deadlineNanos = deadlineNanos;
        this.heartbeat = heartbeat;
    }

    public String executionArn() {
        return executionArn;
    }

    public String stateName() {
        return stateName;
    }

    /** Milliseconds until the task times out (Long.MAX_VALUE when the state has no TimeoutSeconds). */
    public long remainingTimeMillis() {
        if (deadlineNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** Reports progress; resets the HeartbeatSeconds clock. */
    public void heartbeat() {
        heartbeat.run();
    }
}
