package dev.sluice.throttle;

/**
 * A token bucket with a rate per second and one second of burst that lets a request larger than the burst go into
 * debt (the next callers wait it off), so a big batch never blocks forever. A rate of 0 or less means unlimited.
 * Thread-safe; waiting happens outside the lock.
 */
public final class TokenBucket {
    private final Object lock = new Object();
    private double rate;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond) {
        this.rate = ratePerSecond;
        this.tokens = Math.max(ratePerSecond, 0);
        this.lastNanos = System.nanoTime();
    }

    public double rate() {
        synchronized (lock) {
            return rate;
        }
    }

    /** Changes the rate from now on (0 = unlimited). */
    public void setRate(double ratePerSecond) {
        synchronized (lock) {
            refill(System.nanoTime());
            rate = ratePerSecond;
            tokens = Math.min(tokens, Math.max(ratePerSecond, 0));
        }
    }

    /** Takes {@code amount} tokens, waiting as long as the bucket is in debt. */
    public void acquire(long amount) throws InterruptedException {
        long waitNanos;
        synchronized (lock) {
            if (rate <= 0 || amount <= 0) {
                return;
            }
            refill(System.nanoTime());
            tokens -= amount;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
        }
        if (waitNanos > 0) {
            long ms = waitNanos / 1_000_000;
            Thread.sleep(ms, (int) (waitNanos % 1_000_000));
        }
    }

    private void refill(long now) {
        if (rate > 0) {
            tokens = Math.min(rate, tokens + (now - lastNanos) / 1e9 * rate);
        }
        lastNanos = now;
    }
}
