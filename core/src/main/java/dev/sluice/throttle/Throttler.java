package dev.sluice.throttle;

/**
 * Admission control for data movement: a caller asks for permission to move {@code rows} rows of {@code bytes}
 * bytes and is held back until the limits allow it (rate caps, or a pause while the source is overloaded). Used by
 * the full copy per batch of rows and meant for the incremental apply as well.
 */
public interface Throttler {
    /** A throttler that never waits. */
    Throttler NONE = (rows, bytes) -> { };

    /** Blocks until moving {@code rows} rows / {@code bytes} bytes is within the limits. */
    void acquire(long rows, long bytes) throws InterruptedException;
}
