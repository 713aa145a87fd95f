package dev.sluice.handler;

/**
 * The time the current function call may still use, as Lambda's {@code Context.getRemainingTimeInMillis()} tells
 * it; set per call by the Lambda entry point and by the local runner, so long-running functions (copy workers,
 * binlog slices) stop in time and return.
 */
public final class InvocationBudget {
    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private InvocationBudget() {
    }

    /** Starts a call with {@code remainingMillis} left (Long.MAX_VALUE = no limit). */
    public static void begin(long remainingMillis) {
        DEADLINE_NANOS.set(remainingMillis >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE
                : System.nanoTime() + remainingMillis * 1_000_000);
    }

    public static void end() {
        DEADLINE_NANOS.remove();
    }

    /** Milliseconds left in this call, or Long.MAX_VALUE when the call has no deadline. */
    public static long remainingMillis() {
        Long d = DEADLINE_NANOS.get();
        if (d == null || d == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (d - System.nanoTime()) / 1_000_000);
    }

    /**
     * How long work in this call may run: the wanted seconds, cut to the call's remaining time less a safety
     * margin for wrapping up (checkpointing, returning the result).
     */
    public static long workMillis(long wantedSeconds, long marginMillis) {
        long wanted = wantedSeconds * 1000;
        long left = remainingMillis();
        return left == Long.MAX_VALUE ? wanted : Math.max(0, Math.min(wanted, left - marginMillis));
    }
}
