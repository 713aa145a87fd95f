package dev.sluice.throttle;

/**
 * A token bucket with a rate per second and one second of burst that lets a request larger than the burst go into
 * debt (the next callers wait it off), so a big batch never blocks forever. A rate of 0 or less means unlimited.
 * Thread-safe. A caller in debt waits (releasing the lock) until the tokens credited since its request pay its
 * place in the queue; {@link #setRate} wakes every waiter, so a raised limit shortens waits already under way and
 * lifting the limit (0) releases them at once (the debt is forgiven).
 */
public final class TokenBucket {
    private final Object lock = new Object();
    private double rate;
    private double tokens;
    /** Tokens ever credited (refills and forgiven debt): a waiter is free once this reaches its ticket. */
    private double credited;
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

    /** Changes the rate from now on (0 = unlimited) and wakes the waiting callers to re-plan their waits. */
    public void setRate(double ratePerSecond) {
        synchronized (lock) {
            refill(System.nanoTime());
            rate = ratePerSecond;
            if (ratePerSecond <= 0 && tokens < 0) {
                credited += -tokens;   // unlimited: whoever waits goes now
                tokens = 0;
            }
            tokens = Math.min(tokens, Math.max(ratePerSecond, 0));
            lock.notifyAll();
        }
    }

    /** Takes {@code amount} tokens, waiting as long as the bucket is in debt. */
    public void acquire(long amount) throws InterruptedException {
        synchronized (lock) {
            if (rate <= 0 || amount <= 0) {
                return;
            }
            refill(System.nanoTime());
            tokens -= amount;
            if (tokens >= 0) {
                return;
            }
            double ticket = credited - tokens;   // free when the debt as of now has been credited
            while (true) {
                refill(System.nanoTime());
                double owed = ticket - credited;
                if (owed <= 0) {
                    return;
                }
                if (rate <= 0) {
                    return;
                }
                long waitNanos = Math.max(1_000_000L, (long) (owed / rate * 1e9));
                lock.wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
        }
    }

    private void refill(long now) {
        if (rate > 0) {
            double add = Math.min((now - lastNanos) / 1e9 * rate, Math.max(0, rate - tokens));
            tokens += add;
            credited += add;
        }
        lastNanos = now;
    }
}
