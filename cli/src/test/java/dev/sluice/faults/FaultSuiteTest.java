package dev.sluice.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.AlertHook;
import dev.sluice.control.TaskControl;
import dev.sluice.db.Sql;
import dev.sluice.failure.RetryStatus;
import dev.sluice.faults.FaultInjector.Fault;
import dev.sluice.faults.FaultInjector.Kind;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.Sakila;
import dev.sluice.testing.TcpProxy;
import dev.sluice.testing.TestNames;
import dev.sluice.workflow.store.ExecutionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's fault suite: the real workflow (migration.asl.json on the local runner, functions in-process) moves a
 * database between two real MySQL 8.0 servers while the servers are killed with {@code kill -9} and restarted on
 * the same port and data, or frozen with SIGSTOP, in each phase; every run ends with every table equal (CHECKSUM
 * TABLE) and the task in the state a user expects, without 'sluice resume'. The schedule's timings come from a
 * seed, printed first ({@code -Dsluice.faults.seed=S} repeats a run); {@code -Dsluice.faults=long} adds a killed
 * source during the copy and freezes of the destination (30 s in the index builds and verify, 60 s in replication)
 * and of the source (90 s in replication). The kill -9 of the engine itself is
 * EndToEndIT's and the randomized differential test's (a child process is needed for a real SIGKILL).
 */
class FaultSuiteTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer source;
    static DbServer destination;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        source = servers.start(Flavor.MYSQL_80);
        destination = servers.start(Flavor.MYSQL_80);
    }

    /**
     * A destination down for longer than a short window fails the task with a message naming what failed, since
     * when and what to do, and 'status' showed the retry line meanwhile; the alert hook (a webhook receiver in
     * the test) heard "retrying" when the outage began and "window spent" when it ended; after the restart,
     * 'sluice resume' finishes the copy from its checkpoints. (A destination back inside the window: the suite below.)
     */
    @Test
    void aDestinationDownLongerThanTheRetryWindowFailsTheTaskClearly() throws Exception {
        String db = sourceDatabase("win", 20_000);
        TaskSpec spec = spec(db, "[schema, full]", 2_000, 1, "retry: {window_minutes: 0.25}");
        FaultInjector faults = new FaultInjector(List.of(
                new Fault("fullcopy-worker", 1, 1_500, Kind.KILL, "destination", destination, -1)));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AlertReceiver hook = AlertReceiver.start();
        try (WorkflowRig rig = new WorkflowRig(faults);
             AlertHook alerts = new AlertHook(new TaskControl(rig.table, null, null), hook.uri(), 600)
                     .start(Duration.ofMillis(500))) {
            TaskRecord task = rig.start(spec);
            Thread watch = watchRetryLines(rig, task.id(), lines);
            // (the destination stays down until the window is spent; it is restarted below or in finally)
            ExecutionRecord first = rig.await(task.executionArn(), Duration.ofMinutes(4));
            watch.interrupt();
            assertEquals(ExecutionRecord.FAILED, first.status(), "the window of 15 s is spent");
            TaskRecord failed = rig.tasks.require(task.id());
            assertEquals(TaskStatus.FAILED, failed.status());
            String error = failed.error();
            System.out.println("[faults] the task failed with: " + error);
            assertTrue(error.contains("destination 127.0.0.1:" + destination.port() + " unreachable"), error);
            assertTrue(error.contains("retry window of 0.25 min (options.retry.window_minutes)"), error);
            assertTrue(error.contains("'sluice resume " + task.id() + "'"), error);
            assertFalse(error.contains(destination.rootPassword()), "no credentials in the error");
            System.out.println("[faults] retry lines seen: " + lines);
            Pattern line = Pattern.compile("retrying since \\d\\d:\\d\\d UTC: destination 127\\.0\\.0\\.1:"
                    + destination.port() + " unreachable \\(.+\\) \\(attempt \\d+, next in \\d+ s, window ends "
                    + "\\d\\d:\\d\\d UTC\\)");
            assertTrue(lines.stream().anyMatch(l -> line.matcher(l).matches()), "status showed: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains(destination.rootPassword())));
            // the alert hook heard the outage start, the window spent and the failure, in that order, once each
            JsonNode started = hook.await("retry_started", Duration.ofSeconds(10));
            JsonNode gaveUp = hook.await("retry_window_spent", Duration.ofSeconds(10));
            hook.await("task_failed", Duration.ofSeconds(10));
            System.out.println("[faults] alerts: " + hook.events());
            assertEquals(List.of("retry_started", "retry_window_spent", "task_failed"), hook.events());
            assertEquals(task.id(), started.path("taskId").asText());
            assertTrue(line.matcher(started.path("text").asText().replaceAll(".* is (retrying since)", "$1")
                    .replaceAll("; it resumes by itself.*", "")).matches(), started.toString());
            assertTrue(started.path("retry").path("what").asText().contains("destination 127.0.0.1:"
                    + destination.port() + " unreachable"), started.toString());
            assertTrue(gaveUp.path("text").asText().contains("retry window of 0.25 min"), gaveUp.toString());
            assertTrue(gaveUp.path("text").asText().contains("'sluice resume " + task.id() + "'"), gaveUp.toString());
            assertFalse(hook.bodies().contains(destination.rootPassword()), "no credentials in the alerts");

            destination.restart();
            ExecutionRecord resumed = rig.await(rig.resume(task.id(), 2), Duration.ofMinutes(4));
            assertEquals(ExecutionRecord.SUCCEEDED, resumed.status(), String.valueOf(resumed));
            assertEquals(TaskStatus.SUCCEEDED, rig.tasks.require(task.id()).status());
        } finally {
            hook.close();
            if (!destination.isRunning()) {
                destination.restart();
            }
        }
        assertTablesEqual(db);
    }

    /**
     * Schema, full copy with index builds, verify and replication under a random schedule of kill -9 / restart
     * and SIGSTOP of both servers in each phase, with writes on the source throughout replication.
     */
    @Test
    void faultsInEveryPhaseAreRiddenOutWithoutAResume() throws Exception {
        long seed = Long.getLong("sluice.faults.seed", System.nanoTime() & 0xffffffL);
        boolean longRun = "long".equals(System.getProperty("sluice.faults"));
        Random rnd = new Random(seed);
        List<Fault> schedule = new ArrayList<>(List.of(
                new Fault("schema-create", 1, rnd.nextInt(300), Kind.KILL, "destination", destination,
                        2_000 + rnd.nextInt(2_000)),
                new Fault("fullcopy-worker", 1, 1_000 + rnd.nextInt(2_000), Kind.KILL, "destination", destination,
                        2_000 + rnd.nextInt(3_000)),
                new Fault("schema-finish", 1, rnd.nextInt(500), Kind.KILL, "destination", destination,
                        2_000 + rnd.nextInt(2_000)),
                new Fault("verify", 1, rnd.nextInt(800), Kind.KILL, "source", source, 2_000 + rnd.nextInt(2_000)),
                new Fault("incremental-slice", 1, 2_000 + rnd.nextInt(4_000), Kind.KILL, "source", source,
                        2_000 + rnd.nextInt(3_000)),
                new Fault("incremental-slice", 4, 1_000 + rnd.nextInt(4_000), Kind.FREEZE, "source", source,
                        20_000),
                new Fault("incremental-slice", 6, 1_000 + rnd.nextInt(4_000), Kind.KILL, "destination",
                        destination, 2_000 + rnd.nextInt(3_000))));
        if (longRun) {
            schedule.addAll(List.of(
                    new Fault("fullcopy-worker", 2, 3_000 + rnd.nextInt(2_000), Kind.KILL, "source", source,
                            3_000),
                    new Fault("schema-finish", 2, 1_500, Kind.FREEZE, "destination", destination, 30_000),
                    new Fault("verify", 2, 500, Kind.FREEZE, "destination", destination, 30_000),
                    new Fault("incremental-slice", 9, 2_000, Kind.FREEZE, "destination", destination, 60_000),
                    new Fault("incremental-slice", 11, 2_000, Kind.FREEZE, "source", source, 90_000)));
        }
        System.out.println("[faults] seed " + seed + (longRun ? " (long)" : "") + "; reproduce: ./mvnw -B -o -pl "
                + "cli -am test -Dtest=FaultSuiteTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dsluice.faults.seed=" + seed + (longRun ? " -Dsluice.faults=long" : ""));
        schedule.forEach(f -> System.out.println("[faults] scheduled: " + f.describe()));

        String db = Sakila.loadUnique(source);
        source.executeIn(db, "CREATE TABLE fault_events (id BIGINT PRIMARY KEY AUTO_INCREMENT, n INT, "
                + "note VARCHAR(40), KEY (n))");
        SourceWriter writer = new SourceWriter(source, db);
        FaultInjector faults = new FaultInjector(schedule).onFirstCall("incremental-slice", writer::start);
        Set<String> lines = Collections.synchronizedSet(new LinkedHashSet<>());
        List<TaskStatus> statuses = Collections.synchronizedList(new ArrayList<>());
        try (WorkflowRig rig = new WorkflowRig(faults)) {
            TaskRecord task = rig.start(spec(db, "[schema, full, incremental]", 4_000, 2,
                    "incremental: {slice_seconds: 10}\n  verify_after_full_copy: true"));
            Thread watch = watchRetryLines(rig, task.id(), lines);
            Thread status = every250ms("status-watch", () -> statuses.add(rig.tasks.require(task.id()).status()));
            boolean all = faults.awaitAll(longRun ? 900 : 420,
                    () -> rig.runner.describeExecution(task.executionArn()).isRunning());
            writer.stop();
            assertTrue(all, "faults not injected: " + faults.notFired() + "; task " + rig.tasks.require(task.id()));
            awaitEqual(db, Duration.ofMinutes(3), rig, task.id());
            rig.tasks.requestStop(task.id());
            ExecutionRecord done = rig.await(task.executionArn(), Duration.ofMinutes(3));
            watch.interrupt();
            status.interrupt();
            // one line per outage and attempt (the countdown of 'next in N s' left out)
            System.out.println("[faults] retry lines seen:\n  " + String.join("\n  ", lines.stream()
                    .map(l -> l.replaceAll("next in \\d+ s|next attempt running", "next in ..")).distinct()
                    .toList()));
            System.out.println("[faults] " + writer.committed.get() + " source transactions committed during "
                    + "replication; " + writer.failed.get() + " failed while a server was down");
            assertEquals(ExecutionRecord.SUCCEEDED, done.status(), String.valueOf(done));
            assertEquals(TaskStatus.STOPPED, rig.tasks.require(task.id()).status());
            assertFalse(statuses.contains(TaskStatus.FAILED), "the task never failed (no resume needed)");
            assertFalse(lines.isEmpty(), "status showed the retries");
            assertTrue(writer.committed.get() > 0);
        } finally {
            writer.stop();
        }
        assertTablesEqual(db);
    }

    /**
     * Issue 19: a server frozen (SIGSTOP) or a network stalled for longer than the read timeout ends in a retry, not
     * a hang, in the copy, the verification and replication: the frozen call fails with a lost connection after the
     * read timeout (3 s here), is retried with backoff, and recovers after SIGCONT without a resume. Every connection
     * to the destination cut at once (a {@link TcpProxy} in front of it) in the middle of the copy's LOAD DATA and
     * of replication's transactions is retried the same way. Every table ends equal. Before the read timeouts, the
     * calls waited for as long as the server was frozen (for good if it never came back): no failure was seen
     * while a server was frozen.
     */
    @Test
    void aFrozenServerOrACutOrStalledNetworkEndsInARetryNotAHang() throws Exception {
        String db = sourceDatabase("frz", 50_000, "ALTER TABLE t ADD KEY (pad)",
                "CREATE TABLE film (film_id INT PRIMARY KEY, rental_rate DECIMAL(8,2))",
                "INSERT INTO film WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) "
                        + "SELECT i, 0.99 FROM s",
                "CREATE TABLE fault_events (id BIGINT PRIMARY KEY AUTO_INCREMENT, n INT, note VARCHAR(40), KEY (n))");
        long frozen = 9_000;
        TcpProxy proxy = TcpProxy.to(destination.port());
        List<Fault> schedule = List.of(
                Fault.network("fullcopy-worker", 1, 1_500, Kind.CUT, "destination", proxy, 0),
                new Fault("fullcopy-worker", 1, 10_000, Kind.FREEZE, "destination", destination, frozen),
                new Fault("verify", 2, 0, Kind.FREEZE, "destination", destination, frozen),
                Fault.network("incremental-slice", 2, 2_000, Kind.CUT, "destination", proxy, 0),
                new Fault("incremental-slice", 3, 2_000, Kind.FREEZE, "destination", destination, frozen),
                Fault.network("incremental-slice", 5, 2_000, Kind.STALL, "destination", proxy, frozen),
                new Fault("incremental-slice", 7, 2_000, Kind.FREEZE, "source", source, frozen));
        schedule.forEach(f -> System.out.println("[faults] scheduled: " + f.describe()));
        SourceWriter writer = new SourceWriter(source, db);
        FaultInjector faults = new FaultInjector(schedule).onFirstCall("incremental-slice", writer::start);
        Map<Long, RetryStatus> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<TaskStatus> statuses = Collections.synchronizedList(new ArrayList<>());
        try (WorkflowRig rig = new WorkflowRig(faults)) {
            TaskRecord task = rig.start(spec(db, "[schema, full, incremental]", 3_000, 2,
                    "incremental: {slice_seconds: 10}\n  verify_after_full_copy: true", "read_timeout_seconds: 3",
                    proxy.port()));
            Thread watch = every250ms("retry-watch", () -> {
                rig.docs.get(task.id(), RetryStatus.SORT_KEY, RetryStatus.class)
                        .ifPresent(r -> failures.putIfAbsent(r.lastFailureAt(), r));
                statuses.add(rig.tasks.require(task.id()).status());
            });
            boolean all = faults.awaitAll(300, () -> rig.runner.describeExecution(task.executionArn()).isRunning());
            writer.stop();
            List<String> missed = new ArrayList<>();
            for (FaultInjector.Outage o : faults.outages()) {
                // a cut is noticed when a connection is next used (the copy's stream at once, an idle session later)
                long grace = o.fault().kind() == Kind.CUT ? 8_000 : 3_000;
                Optional<RetryStatus> first = failures.values().stream().filter(r -> r.lastFailureAt()
                        >= o.down().toEpochMilli() && r.lastFailureAt() <= o.up().toEpochMilli() + grace).findFirst();
                System.out.println("[faults] " + o.fault().describe() + ": " + first.map(r -> "failed "
                        + (r.lastFailureAt() - o.down().toEpochMilli()) / 1000.0 + " s after it (" + r.what()
                        + "), retried").orElse("no failure while it lasted"));
                if (first.isEmpty()) {
                    missed.add(o.fault().describe());
                }
            }
            assertTrue(all, "faults not injected: " + faults.notFired() + "; task " + rig.tasks.require(task.id()));
            awaitEqual(db, Duration.ofMinutes(2), rig, task.id());
            rig.tasks.requestStop(task.id());
            ExecutionRecord done = rig.await(task.executionArn(), Duration.ofMinutes(2));
            watch.interrupt();
            System.out.println("[faults] " + writer.committed.get() + " source transactions committed during "
                    + "replication");
            assertEquals(List.of(), missed, "a frozen server must end the call in a retry (read timeout 3 s), not "
                    + "a wait; failures seen: " + failures.values());
            assertEquals(ExecutionRecord.SUCCEEDED, done.status(), String.valueOf(done));
            assertEquals(TaskStatus.STOPPED, rig.tasks.require(task.id()).status());
            assertFalse(statuses.contains(TaskStatus.FAILED), "the task never failed (no resume needed)");
            assertTrue(writer.committed.get() > 0);
        } finally {
            writer.stop();
            proxy.close();
            for (DbServer s : List.of(source, destination)) {
                s.thaw();
            }
        }
        assertTablesEqual(db);
    }

    /** A new source database with a table {@code t (id, pad)} of {@code rows} rows, then {@code more} statements. */
    private static String sourceDatabase(String prefix, int rows, String... more) {
        String db = TestNames.unique(prefix);
        source.execute("CREATE DATABASE " + Sql.id(db));
        source.executeIn(db, "SET SESSION cte_max_recursion_depth = 1000000",
                "CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(100))",
                "INSERT INTO t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ") "
                        + "SELECT i, REPEAT('x', i % 90) FROM s");
        if (more.length > 0) {
            source.executeIn(db, more);
        }
        return db;
    }

    private static TaskSpec spec(String db, String types, long rowsPerSecond, int workers, String options)
            throws Exception {
        return spec(db, types, rowsPerSecond, workers, options, "", destination.port());
    }

    private static TaskSpec spec(String db, String types, long rowsPerSecond, int workers, String options,
                                 String endpointOptions, int destinationPort) throws Exception {
        Path pw = dir.resolve("pw-" + db);
        Files.writeString(pw, DbServer.ROOT_PASSWORD);
        String endpoint = "{host: 127.0.0.1, port: %d, user: root, password: 'file:" + pw + "', tls: disabled, "
                + "connect_timeout_seconds: 3" + (endpointOptions.isEmpty() ? "" : ", " + endpointOptions) + "}";
        return TaskFiles.parse("name: faults\nsource: " + endpoint.formatted(source.port()) + "\ndestination: "
                + endpoint.formatted(destinationPort) + "\ntypes: " + types + "\nobjects: [{database: " + db
                + "}]\nthrottle: {rows_per_second: " + rowsPerSecond + "}\noptions:\n  full_copy: {workers: "
                + workers + ", chunk_rows: 1000}\n  " + options + "\n", "faults.yaml");
    }

    /** Records every retry line 'status' would show while the task runs. */
    private static Thread watchRetryLines(WorkflowRig rig, String taskId, java.util.Collection<String> lines) {
        return every250ms("retry-watch", () -> {
            Instant now = Instant.now();
            rig.docs.get(taskId, RetryStatus.SORT_KEY, RetryStatus.class).filter(r -> r.showing(now))
                    .ifPresent(r -> lines.add(r.describe(now)));
        });
    }

    /** A daemon thread that runs {@code r} every 250 ms until interrupted. */
    private static Thread every250ms(String name, Runnable r) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                r.run();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitEqual(String db, Duration timeout, WorkflowRig rig, String taskId) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String diff = null;
        while (System.nanoTime() < deadline) {
            diff = difference(db);
            if (diff == null) {
                return;
            }
            Thread.sleep(1_000);
        }
        fail("source and destination still differ after " + timeout + ": " + diff + "; task "
                + rig.tasks.require(taskId));
    }

    private static void assertTablesEqual(String db) {
        String diff = difference(db);
        assertEquals(null, diff, "every table equal (CHECKSUM TABLE)");
    }

    /** Null when every base table has the same CHECKSUM TABLE and row count on both sides, else the first difference. */
    private static String difference(String db) {
        for (Map<String, Object> r : source.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                + "TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", db)) {
            String t = Sql.id(db, (String) r.get("TABLE_NAME"));
            try {
                String a = String.valueOf(source.query("CHECKSUM TABLE " + t).get(0).get("Checksum"));
                String b = String.valueOf(destination.query("CHECKSUM TABLE " + t).get(0).get("Checksum"));
                if (!a.equals(b)) {
                    return t + ": CHECKSUM TABLE " + a + " on the source, " + b + " on the destination ("
                            + source.queryLong("SELECT COUNT(*) FROM " + t) + " vs "
                            + destination.queryLong("SELECT COUNT(*) FROM " + t) + " rows)";
                }
            } catch (RuntimeException e) {
                return t + ": " + e.getMessage();
            }
        }
        return null;
    }
}
