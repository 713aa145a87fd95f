package dev.sluice.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.TcpProxy;
import java.time.Instant;
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
 * freeze (SIGSTOP) then SIGCONT; or into the network, through a {@link TcpProxy} in front of a server: every
 * connection cut at once (mid-transaction), or the bytes stalled for a while. Every action is logged with its
 * time; {@link #awaitAll} joins them.
 */
final class FaultInjector implements BiConsumer<String, JsonNode> {
    enum Kind { KILL, FREEZE, CUT, STALL }

    /**
     * One fault: at call {@code occurrence} of {@code function}, {@code afterMillis} into it; down for
     * {@code downMillis} (-1: stays down; CUT is instantaneous). CUT and STALL act on {@code proxy}.
     */
    record Fault(String function, int occurrence, long afterMillis, Kind kind, String role, DbServer server,
                 long downMillis, TcpProxy proxy) {
        Fault(String function, int occurrence, long afterMillis, Kind kind, String role, DbServer server,
              long downMillis) {
            this(function, occurrence, afterMillis, kind, role, server, downMillis, null);
        }

        /** A network fault on the proxy in front of {@code role}. */
        static Fault network(String function, int occurrence, long afterMillis, Kind kind, String role,
                             TcpProxy proxy, long downMillis) {
            return new Fault(function, occurrence, afterMillis, kind, role, null, downMillis, proxy);
        }

        String describe() {
            String what = switch (kind) {
                case KILL -> "kill -9 ";
                case FREEZE -> "freeze (SIGSTOP) ";
                case CUT -> "cut every connection to ";
                case STALL -> "stall the network to ";
            };
            String back = switch (kind) {
                case KILL -> ", restarted after " + downMillis / 1000.0 + " s";
                case FREEZE -> ", SIGCONT after " + downMillis / 1000.0 + " s";
                case CUT -> "";
                case STALL -> ", flowing again after " + downMillis / 1000.0 + " s";
            };
            return what + role + " " + (afterMillis / 1000.0) + " s into " + function + " call " + occurrence
                    + (downMillis < 0 ? ", left down" : back);
        }
    }

    private final List<Fault> schedule;
    private final Map<String, Integer> calls = new HashMap<>();
    private final List<Thread> running = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Fault> fired = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Runnable> onFirstCall = new HashMap<>();
    private final List<Outage> outages = Collections.synchronizedList(new ArrayList<>());

    /** When a fault's server went down (killed or frozen) and came back (null: not yet). */
    record Outage(Fault fault, Instant down, Instant up) {
    }

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
            String at = " (" + f.function() + " call " + f.occurrence() + ")";
            switch (f.kind()) {
                case KILL -> {
                    note("kill -9 " + f.role() + at);
                    f.server().kill();
                }
                case FREEZE -> {
                    note("SIGSTOP " + f.role() + at);
                    f.server().freeze();
                }
                case CUT -> {
                    // only while connections are open (a cut of nothing tests nothing): wait up to 10 s for one
                    for (int i = 0; i < 100 && f.proxy().openSockets() == 0; i++) {
                        Thread.sleep(100);
                    }
                    note("cut " + f.proxy().openSockets() / 2 + " connection(s) to " + f.role() + at);
                    f.proxy().cutAll();
                }
                case STALL -> {
                    note("stall the network to " + f.role() + at);
                    f.proxy().stall();
                }
            }
            Instant down = Instant.now();
            if (f.downMillis() < 0) {
                outages.add(new Outage(f, down, null));
                return;
            }
            Thread.sleep(f.downMillis());
            Instant up = Instant.now();
            switch (f.kind()) {
                case KILL -> {
                    f.server().restart();
                    note("restarted " + f.role() + " on port " + f.server().port());
                }
                case FREEZE -> {
                    f.server().thaw();
                    note("SIGCONT " + f.role());
                }
                case CUT -> {
                }
                case STALL -> {
                    f.proxy().resume();
                    note("network to " + f.role() + " flowing again");
                }
            }
            outages.add(new Outage(f, down, up));
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

    /** The outages the schedule caused so far (server down or frozen, then back). */
    List<Outage> outages() {
        return List.copyOf(outages);
    }

    List<String> log() {
        return List.copyOf(log);
    }
}
