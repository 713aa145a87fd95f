package dev.sluice.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.db.Sql;
import dev.sluice.failure.RetryStatus;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import dev.sluice.workflow.store.ExecutionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the destination's disk full for a moment. The destination database's directory (where InnoDB puts the
 * copied tables' .ibd files) is a small tmpfs mounted inside a private MySQL 8.0's data directory (redo, undo and
 * tmpdir stay on the ordinary disk, so the server itself keeps running, as on a real server whose data volume for
 * one schema fills). The copy fills it: InnoDB cannot extend the tablespace and LOAD DATA fails with
 * ER_RECORD_FILE_FULL 1114 "The table '...' is full" (measured: the server neither waits nor crashes). Then the
 * tmpfs is made larger inside the retry window and the task finishes by itself, every table equal; or it is not,
 * and a short window ends in a failure that names the destination and the full disk, after which 'sluice resume'
 * finishes the copy once there is room. Needs root (mount); skipped elsewhere. The tmpfs mounts are detached
 * (umount -l) in {@link #unmountAll}, before the extension stops the servers, whatever happened.
 */
class DestinationDiskFullTest {
    static final int ROWS = 60_000;
    static final String SMALL = "4m";
    static final String LARGE = "96m";

    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer source;
    static DbServer destination;
    static final List<Path> mounts = new java.util.ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        assumeTrue(mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString()) == 0,
                "mount -t tmpfs needs root");
        umount(dir);
        source = servers.start(Flavor.MYSQL_80);
        destination = servers.start(Flavor.MYSQL_80);
    }

    @AfterAll
    static void unmountAll() {
        // the server holds the .ibd files open: a lazy unmount detaches the tmpfs at once whatever happens
        for (Path p : List.copyOf(mounts)) {
            umount(p);
        }
    }

    @Test
    void aDiskFullForAMomentIsRiddenOutWithoutAResume() throws Exception {
        String db = sourceDatabase("dfull");
        Path fs = smallDiskFor(db);
        try (WorkflowRig rig = new WorkflowRig((fn, payload) -> { })) {
            TaskRecord task = rig.start(spec(db, "retry: {window_minutes: 10}"));
            long t0 = System.nanoTime();
            RetryStatus full = awaitFailure(rig, task.id(), Duration.ofSeconds(60));
            System.out.println("[faults] disk full seen after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - t0) + " ms: " + full.what() + " (" + full.phase() + ", attempt " + full.attempts() + ")");
            printErrorLog("while full");
            assertTrue(full.what().contains("is full"), full.what());
            assertEquals(0, mount("-o", "remount,size=" + LARGE, fs.toString()), "remount larger");
            long freed = System.nanoTime();
            ExecutionRecord done = rig.await(task.executionArn(), Duration.ofMinutes(3));
            System.out.println("[faults] finished " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed)
                    + " ms after the space was freed: " + done.status());
            assertEquals(ExecutionRecord.SUCCEEDED, done.status(), String.valueOf(done));
            assertEquals(TaskStatus.SUCCEEDED, rig.tasks.require(task.id()).status());
        }
        assertTableEqual(db);
    }

    @Test
    void aDiskFullLongerThanTheRetryWindowFailsTheTaskNamingTheDestinationAndTheDisk() throws Exception {
        String db = sourceDatabase("dspent");
        Path fs = smallDiskFor(db);
        try (WorkflowRig rig = new WorkflowRig((fn, payload) -> { })) {
            TaskRecord task = rig.start(spec(db, "retry: {window_minutes: 0.25}"));
            ExecutionRecord done = rig.await(task.executionArn(), Duration.ofMinutes(3));
            assertEquals(ExecutionRecord.FAILED, done.status(), "the window of 15 s is spent");
            TaskRecord failed = rig.tasks.require(task.id());
            assertEquals(TaskStatus.FAILED, failed.status());
            String error = failed.error();
            System.out.println("[faults] the task failed with: " + error);
            assertTrue(error.contains("destination 127.0.0.1:" + destination.port()), error);
            assertTrue(error.contains("is full"), error);
            assertTrue(error.contains("disk"), error);
            assertTrue(error.contains("retry window of 0.25 min (options.retry.window_minutes)"), error);
            assertTrue(error.contains("'sluice resume " + task.id() + "'"), error);
            assertFalse(error.contains(destination.rootPassword()), "no credentials in the error");

            // the user frees space and resumes: the copy goes on from its checkpoints
            assertEquals(0, mount("-o", "remount,size=" + LARGE, fs.toString()), "remount larger");
            ExecutionRecord resumed = rig.await(rig.resume(task.id(), 2), Duration.ofMinutes(3));
            assertEquals(ExecutionRecord.SUCCEEDED, resumed.status(), String.valueOf(resumed));
            assertEquals(TaskStatus.SUCCEEDED, rig.tasks.require(task.id()).status());
        }
        assertTableEqual(db);
    }

    /** A source database with a table t of ~14 MB (more than the small tmpfs holds). */
    private static String sourceDatabase(String prefix) {
        String db = TestNames.unique(prefix);
        source.execute("CREATE DATABASE " + Sql.id(db));
        source.executeIn(db, "SET SESSION cte_max_recursion_depth = 1000000",
                "CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(200))",
                "INSERT INTO t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + ROWS
                        + ") SELECT i, CONCAT(REPEAT(MD5(i), 5), i) FROM s");
        return db;
    }

    /**
     * Creates the (empty) database on the destination and mounts a tmpfs of {@link #SMALL} on its directory, so
     * the tables the schema phase creates there live on it; unmounted in {@link #unmountAll}.
     */
    private static Path smallDiskFor(String db) {
        destination.execute("CREATE DATABASE " + Sql.id(db));
        Path p = destination.dataDir().resolve(db);
        assertTrue(Files.isDirectory(p), p.toString());
        assertEquals(0, mount("-t", "tmpfs", "-o", "size=" + SMALL, "tmpfs", p.toString()), "mount " + p);
        mounts.add(p);
        return p;
    }

    /** The first retry the copy records (what failed), within {@code timeout}. */
    private static RetryStatus awaitFailure(WorkflowRig rig, String taskId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RetryStatus> r = rig.docs.get(taskId, RetryStatus.SORT_KEY, RetryStatus.class);
            if (r.isPresent() && r.get().active()) {
                return r.get();
            }
            TaskRecord t = rig.tasks.require(taskId);
            assertFalse(t.status() == TaskStatus.FAILED, "the task failed instead of retrying: " + t.error());
            Thread.sleep(100);
        }
        throw new AssertionError("no retry within " + timeout + "; task " + rig.tasks.require(taskId));
    }

    private static void printErrorLog(String when) throws IOException {
        List<String> lines = Files.readAllLines(destination.errorLog()).stream()
                .filter(l -> l.contains("full") || l.contains("space") || l.contains("ENOSPC")).toList();
        System.out.println("[faults] destination error log " + when + ":\n  " + String.join("\n  ",
                lines.subList(Math.max(0, lines.size() - 6), lines.size())));
    }

    private static TaskSpec spec(String db, String options) throws Exception {
        Path pw = dir.resolve("pw-" + db);
        Files.writeString(pw, DbServer.ROOT_PASSWORD);
        String endpoint = "{host: 127.0.0.1, port: %d, user: root, password: 'file:" + pw + "', tls: disabled, "
                + "connect_timeout_seconds: 3}";
        return TaskFiles.parse("name: disk-full\nsource: " + endpoint.formatted(source.port()) + "\ndestination: "
                + endpoint.formatted(destination.port()) + "\ntypes: [schema, full]\nobjects: [{database: " + db
                + "}]\noptions:\n  full_copy: {workers: 1, chunk_rows: 5000}\n  " + options + "\n", "disk.yaml");
    }

    private static void assertTableEqual(String db) {
        String t = Sql.id(db, "t");
        assertEquals(source.query("CHECKSUM TABLE " + t).get(0).get("Checksum"),
                destination.query("CHECKSUM TABLE " + t).get(0).get("Checksum"), "CHECKSUM TABLE " + t);
        assertEquals(ROWS, destination.queryLong("SELECT COUNT(*) FROM " + t));
    }

    private static int mount(String... args) {
        return run("mount", args);
    }

    private static void umount(Path p) {
        if (run("umount", "-l", p.toString()) == 0) {
            mounts.remove(p);
        }
    }

    private static int run(String cmd, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(cmd));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
            if (rc != 0) {
                System.out.println("[faults] " + command + " -> " + rc + ": " + out.strip());
            }
            return rc;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
