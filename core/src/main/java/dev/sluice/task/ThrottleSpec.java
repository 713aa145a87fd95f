package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Limits a task keeps to on the source: rows and bytes per second (0 = unlimited) and the source
 * {@code Threads_running} above which copying pauses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThrottleSpec(Long rowsPerSecond, Long bytesPerSecond, Integer maxThreadsRunning) {

    public static final ThrottleSpec NONE = new ThrottleSpec(null, null, null);

    public long rowsPerSecondOrUnlimited() {
        return rowsPerSecond == null ? 0 : rowsPerSecond;
    }

    public long bytesPerSecondOrUnlimited() {
        return bytesPerSecond == null ? 0 : bytesPerSecond;
    }

    public int maxThreadsRunningOrDefault() {
        return maxThreadsRunning == null ? 0 : maxThreadsRunning;
    }
}
