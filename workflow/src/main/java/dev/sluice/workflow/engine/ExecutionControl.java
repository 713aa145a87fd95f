package dev.sluice.workflow.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/** Stops one execution: a flag every state checks, plus the running task futures to cancel (interrupt). */
public final class ExecutionControl {
    private volatile String stopReason;
    private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();

    /** Marks the execution stopped and interrupts every running task of it. */
    public void stop(String reason) {
        stopReason = reason;
        for (Future<?> f : running) {
            f.cancel(true);
        }
    }

    public boolean stopped() {
        return stopReason != null;
    }

    /** Throws {@link ExecutionInterrupted} when the execution was stopped or the current thread was interrupted. */
    public void check() {
        if (stopReason != null) {
            throw new ExecutionInterrupted(stopReason);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ExecutionInterrupted("interrupted");
        }
    }

    void register(Future<?> f) {
        running.add(f);
        if (stopReason != null) {
            f.cancel(true);
        }
    }

    /** Registers the execution's own top-level future so {@link #stop} interrupts it too. */
    public void registerExternal(Future<?> f) {
        register(f);
    }

    void unregister(Future<?> f) {
        running.remove(f);
    }
}
