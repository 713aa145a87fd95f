package dev.sluice.failure;

import java.time.Duration;
import java.time.Instant;

/**
 * The retry window ({@code options.retry.window_minutes}, default 720 like DTS): the workflow retries a function
 * that failed with a {@link RetriableException} with backoff (the Retry rule below, in workflow/migration.asl.json)
 * for as long as the window allows, measured from the first failure of the outage; once no further attempt fits
 * in the window the failure becomes fatal. Pure policy; {@code RetryGuard} (handler) persists it.
 */
public final class RetryWindow {
    /** The workflow's Retry rule for {@code dev.sluice.failure.RetriableException}: first delay, rate, cap. */
    public static final int FIRST_DELAY_SECONDS = 5;
    public static final double BACKOFF_RATE = 2.0;
    public static final int MAX_DELAY_SECONDS = 60;
    /**
     * A failure is part of the outage recorded before it when that one's last failure came at most this long before
     * the failing call started (the longest backoff plus slack); a later failure, after a call that ran on for
     * longer, starts a new outage and a new window.
     */
    static final Duration SAME_OUTAGE = Duration.ofSeconds(MAX_DELAY_SECONDS + 60L);

    private RetryWindow() {
    }

    /** The delay before the retry that follows a failed call whose {@code $$.State.RetryCount} was {@code retryCount}. */
    public static Duration delayAfter(int retryCount) {
        double s = retryCount >= 16 ? MAX_DELAY_SECONDS
                : Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * Math.pow(BACKOFF_RATE, retryCount));
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /**
     * The retry state after a retriable failure at {@code now} of a call that started at {@code callStart} (its
     * retry count {@code retryCount}): the outage continues {@code previous} or starts now; spent when the next
     * attempt would come after the window's end.
     */
    public static RetryStatus afterFailure(RetryStatus previous, Instant callStart, Instant now, double windowMinutes,
                                           int retryCount, String what, String phase) {
        long t = now.toEpochMilli();
        boolean same = previous != null && previous.active()
                && previous.lastFailureAt() >= callStart.toEpochMilli() - SAME_OUTAGE.toMillis();
        long since = same ? previous.since() : t;
        int attempts = same ? previous.attempts() + 1 : 1;
        long windowEnds = since + Math.round(windowMinutes * 60_000);
        long nextAt = t + delayAfter(retryCount).toMillis();
        boolean spent = nextAt > windowEnds;
        return new RetryStatus(!spent, spent, phase, what, since, t, spent ? 0 : nextAt, windowEnds, attempts,
                windowMinutes);
    }

    /** The state once a retried call succeeded: no longer retrying (the last outage is kept for the record). */
    public static RetryStatus recovered(RetryStatus previous) {
        return new RetryStatus(false, false, previous.phase(), previous.what(), previous.since(),
                previous.lastFailureAt(), 0, previous.windowEndsAt(), previous.attempts(), previous.windowMinutes());
    }
}
