package dev.sluice.workflow.asl;

import java.util.List;

/** One Retry entry of a Task, Map or Parallel state. */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, boolean fullJitter) {

    /** The delay before retry number {@code attempt} (1-based), in seconds, before jitter. */
    public double delaySeconds(int attempt) {
        double d = intervalSeconds * Math.pow(backoffRate, attempt - 1);
        if (maxDelaySeconds != null) {
            d = Math.min(d, maxDelaySeconds);
        }
        return d;
    }
}
