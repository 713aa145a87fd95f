package dev.sluice.verification;

import dev.sluice.task.TaskSpec;
import java.time.Duration;

/**
 * How a verification runs: parallel chunk workers, rows per chunk, how often and after how long a differing chunk
 * or row is read again (in-flight changes), how long to wait for the incremental checkpoint to pass the position
 * a chunk was read at, and how many differences a stored report lists per table.
 */
public record VerifyOptions(int threads, long chunkRows, int recheckAttempts, Duration recheckWait,
                            Duration checkpointTimeout, int maxListed) {

    public static final VerifyOptions DEFAULTS =
            new VerifyOptions(4, 20_000, 3, Duration.ofSeconds(2), Duration.ofSeconds(60), 500);

    /** Defaults with the task's full-copy worker count as thread count. */
    public static VerifyOptions forTask(TaskSpec spec) {
        int workers = spec.optionsOrDefaults().fullCopyOrDefault().workersOrDefault();
        return DEFAULTS.withThreads(Math.max(1, Math.min(workers, 16)));
    }

    public VerifyOptions withThreads(int n) {
        return new VerifyOptions(n, chunkRows, recheckAttempts, recheckWait, checkpointTimeout, maxListed);
    }

    public VerifyOptions withChunkRows(long n) {
        return new VerifyOptions(threads, n, recheckAttempts, recheckWait, checkpointTimeout, maxListed);
    }

    public VerifyOptions withRecheck(int attempts, Duration wait) {
        return new VerifyOptions(threads, chunkRows, attempts, wait, checkpointTimeout, maxListed);
    }

    public VerifyOptions withCheckpointTimeout(Duration d) {
        return new VerifyOptions(threads, chunkRows, recheckAttempts, recheckWait, d, maxListed);
    }
}
