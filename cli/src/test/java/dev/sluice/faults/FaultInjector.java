package dev.sluice.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testing.DbServer;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Injects a schedule of faults into real servers, each when a given function is called for the n-th time (so every
 * phase can be hit on purpose): {@code kill -9} then a restart on the same port and data after a while, or a
 * freeze (SIGSTOP) then SIGCONT. Every action is logged with its time; {@link #awaitAll} joins them.
 */
final class FaultInjector implements BiConsumer<String, JsonNode> {
    enum Kind { KILL, FREEZE }

    /** One fault: at call {@code occurrence} of {@code function}, {@code afterMillis} into it; down for {@code downMillis} (-1: stays down). */
    record Fault(String function, int occurrence, long afterMillis, Kind kind, String role, DbServer server,
                 long downMillis) {
        String describe() {
            return (kind == Kind.KILL ? "kill -9 " : "freeze (SIGSTOP) ") + role + " " + (afterMillis / 1000.0)
                    + " s into " + function + " call " + occurrence
                    + (downMillis < 0 ? ", left down" : ", " + (kind == Kind.KILL ? "restarted" : "SIGCONT")
                    + " after " + downMillis / 1000.0 + " s");
        }
    }

    private final List<Fault> schedule;
    private final Map<String, Integer> calls = new HashMap<>();
    private final List<Thread> running = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Fault> fired = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Runnable> onFirstCall = new HashMap<>();

    FaultInjector(List<Fault> schedule) {
        this.schedule = List.copyOf(schedule);
    }

    /** Runs {@code r} (once) when {@code function} is first called. */
    synchronized FaultInjector onFirstCall(String function, Runnable r) {
        onFirstCall.put(function, r);
        return this;
    }

    @Override
    public void accept(String function, JsonNode payload) {
        int n;
        Runnable first;
        synchronized (this) {
            n = calls.merge(function, 1, Integer::sum);
            first = n == 1 ? onFirstCall.remove(function) : null;
        }
        if (first != null) {
            first.run();
        }
        for (Fault f : schedule) {
            if (f.function().equals(function) && f.occurrence() == n) {
                fired.add(f);
                Thread t = new Thread(() -> inject(f), "fault-" + function + "-" + n);
                t.setDaemon(true);
                running.add(t);
                t.start();
            }
        }
    }

    private void inject(Fault f) {
        try {
            Thread.sleep(f.afterMillis());
            note(f.kind() == Kind.KILL ? "kill -9 " + f.role() + " (" + f.function() + " call " + f.occurrence() + ")"
                    : "SIGSTOP " + f.role() + " (" + f.function() + " call " + f.occurrence() + ")");
            if (f.kind() == Kind.KILL) {
                f.server().kill();
            } else {
                f.server().freeze();
            }
            if (f.downMillis() < 0) {
                return;
            }
            Thread.sleep(f.downMillis());
            if (f.kind() == Kind.KILL) {
                f.server().restart();
                note("restarted " + f.role() + " on port " + f.server().port());
            } else {
                f.server().thaw();
                note("SIGCONT " + f.role());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            note("fault action failed: " + e);
        }
    }

    void note(String what) {
        String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + what;
        log.add(line);
        System.out.println("[faults] " + line);
    }

    /**
     * Waits until every fault of the schedule fired and its server is back, or {@code timeoutSeconds} passed, or
     * {@code workflowRunning} says the workflow ended (no call will come).
     */
    boolean awaitAll(long timeoutSeconds, java.util.function.BooleanSupplier workflowRunning) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (fired.size() < schedule.size() && System.nanoTime() < deadline && workflowRunning.getAsBoolean()) {
            Thread.sleep(200);
        }
        for (Thread t : List.copyOf(running)) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return fired.size() == schedule.size() && running.stream().noneMatch(Thread::isAlive);
    }

    List<Fault> notFired() {
        List<Fault> out = new ArrayList<>(schedule);
        out.removeAll(fired);
        return out;
    }

    List<String> log() {
        return List.copyOf(log);
    }
}
