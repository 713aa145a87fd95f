package dev.sluice.incremental;

import java.util.Arrays;

/**
 * Delay measurements (milliseconds from a heartbeat's source timestamp to the commit of the batch that carried
 * it) in a bounded ring, with percentiles for the status and the benchmark.
 */
final class DelaySamples {
    private final long[] ring;
    private int size;
    private int next;
    private long last = -1;

    DelaySamples(int capacity) {
        ring = new long[capacity];
    }

    synchronized void add(long millis) {
        ring[next] = millis;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        last = millis;
    }

    synchronized long last() {
        return last;
    }

    synchronized int size() {
        return size;
    }

    /** The p-th percentile (0-100) in milliseconds, or -1 without samples. */
    synchronized long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        long[] copy = Arrays.copyOf(ring, size);
        Arrays.sort(copy);
        int idx = (int) Math.ceil(p / 100.0 * size) - 1;
        return copy[Math.max(0, Math.min(size - 1, idx))];
    }

    synchronized void clear() {
        size = 0;
        next = 0;
    }
}
