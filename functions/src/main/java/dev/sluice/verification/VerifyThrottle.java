package dev.sluice.verification;

import dev.sluice.task.ThrottleSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps verification within the task's source limits: rows per second across all workers (a shared schedule of
 * permitted start times) and a pause while the source's {@code Threads_running} is above the limit. Kept minimal
 * until the shared throttle package lands; it reads the same {@code throttle:} settings.
 */
final class VerifyThrottle {
    private final long rowsPerSecond;
    private final int maxThreadsRunning;
    private long nextFreeNanos = System.nanoTime();

    VerifyThrottle(ThrottleSpec spec) {
        this.rowsPerSecond = spec.rowsPerSecondOrUnlimited();
        this.maxThreadsRunning = spec.maxThreadsRunningOrDefault();
    }

    /** Blocks until {@code rows} more rows may be read from the source. */
    void acquire(long rows, Connection source) throws SQLException, InterruptedException {
        if (rowsPerSecond > 0) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextFreeNanos);
                nextFreeNanos = start + rows * 1_000_000_000L / rowsPerSecond;
                waitNanos = start - now;
            }
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
        }
        if (maxThreadsRunning > 0) {
            for (int i = 0; i < 600 && threadsRunning(source) > maxThreadsRunning; i++) {
                Thread.sleep(1000);
            }
        }
    }

    private static long threadsRunning(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }
}
