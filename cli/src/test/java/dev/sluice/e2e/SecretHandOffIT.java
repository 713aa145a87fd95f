package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.local.SluiceHome;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression (issue 12 leftover): {@code env:} password references of a task started with 'sluice start' against a
 * running 'sluice serve' were resolved in the serve process's environment, not in the shell of the CLI that read
 * the task file. Now the CLI resolves them and hands the values to serve in memory: a serve started WITHOUT the
 * variable runs the task started from a shell that has it; after a serve restart the task fails with an error
 * naming the reference until 'sluice resume' (from a shell that has it) hands the value again; and the secret is
 * nowhere in the state directory, the logs, 'sluice status' or the API's answers.
 */
class SecretHandOffIT {
    private static final String SECRET = "Hand-Off-Secret-7731-q";
    private static final String VAR = "SLUICE_HANDOFF_PW";
    private static final Pattern TASK_ID = Pattern.compile("(?m)^(handoff-[0-9a-f]{8})\\s*$");

    @RegisterExtension
    static final DbServerExtension SERVERS = DbServerExtension.create();

    @TempDir
    Path work;

    private final List<String> outputs = new ArrayList<>();

    @Test
    void serveWithoutTheVariableRunsATaskStartedFromAShellThatHasItAndStoresTheSecretNowhere() throws Exception {
        DbServer src = SERVERS.start(Flavor.MYSQL_80);
        DbServer dst = SERVERS.start(Flavor.MYSQL_80);
        for (DbServer s : List.of(src, dst)) {
            s.execute("CREATE USER 'ho'@'%' IDENTIFIED WITH mysql_native_password BY '" + SECRET + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO 'ho'@'%' WITH GRANT OPTION");
        }
        src.execute("CREATE DATABASE ho", "CREATE TABLE ho.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO ho.t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        Path home = work.resolve("home");
        Path taskFile = work.resolve("task.yaml");
        Files.writeString(taskFile, """
                name: handoff
                source: {host: 127.0.0.1, port: %d, user: ho, password: env:%s, tls: disabled}
                destination: {host: 127.0.0.1, port: %d, user: ho, password: env:%s, tls: disabled}
                types: [schema, full, incremental]
                objects:
                  - database: ho
                options:
                  incremental: {slice_seconds: 10}
                """.formatted(src.port(), VAR, dst.port(), VAR));
        Map<String, String> serveEnv = Map.of("SLUICE_HOME", home.toString());
        Map<String, String> shell = Map.of("SLUICE_HOME", home.toString(), VAR, SECRET);
        SluiceHome sluiceHome = SluiceHome.resolve(home.toString());

        String taskId;
        SluiceApp serve = SluiceApp.launch(work.resolve("serve-1.log"), serveEnv, "serve", "--port", "0");
        try {
            SluiceApp.awaitDaemon(sluiceHome, serve, Duration.ofMinutes(2));
            SluiceApp.Result start = cli(shell, "start", taskFile.toString());
            assertEquals(0, start.exit(), start.output());
            Matcher m = TASK_ID.matcher(start.output());
            assertTrue(m.find(), start.output());
            taskId = m.group(1);
            awaitRow(dst, 3, "SELECT COUNT(*) FROM ho.t", serve);
            src.execute("INSERT INTO ho.t VALUES (4, 'four')");
            awaitRow(dst, 1, "SELECT COUNT(*) FROM ho.t WHERE id = 4", serve);
        } finally {
            serve.killHard();
        }

        // a new serve (still without the variable) resumes the execution: it has no value, and says which
        SluiceApp serve2 = SluiceApp.launch(work.resolve("serve-2.log"), serveEnv, "serve", "--port", "0");
        try {
            SluiceHome.Daemon d = SluiceApp.awaitDaemon(sluiceHome, serve2, Duration.ofMinutes(2));
            String failed = awaitStatus(serveEnv, taskId, "FAILED");
            assertTrue(failed.contains("env:" + VAR), failed);
            SluiceApp.Result noVar = cli(serveEnv, "resume", taskId);
            assertNotEquals(0, noVar.exit(), noVar.output());
            assertTrue(noVar.output().contains("env:" + VAR) && noVar.output().contains("not set"), noVar.output());
            SluiceApp.Result resume = cli(shell, "resume", taskId);
            assertEquals(0, resume.exit(), resume.output());
            src.execute("INSERT INTO ho.t VALUES (5, 'five')");
            awaitRow(dst, 1, "SELECT COUNT(*) FROM ho.t WHERE id = 5", serve2);
            outputs.add(cli(shell, "status", taskId).output());
            String token = Files.readString(home.resolve("token")).strip();
            for (String path : List.of("/api/tasks", "/api/tasks/" + taskId, "/api/tasks/" + taskId + "/history")) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(d.apiEndpoint() + path)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                outputs.add(r.body());
            }
            cli(shell, "stop", taskId);
        } finally {
            serve2.close();
        }

        // the secret is nowhere: state directory (every file, bytes), logs, CLI output, status, API answers
        List<String> leaks = new ArrayList<>();
        byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                    leaks.add(work.relativize(f).toString());
                }
            }
        }
        for (String out : outputs) {
            if (out.contains(SECRET)) {
                leaks.add("output: " + out);
            }
        }
        assertTrue(leaks.isEmpty(), "the secret leaked into " + leaks);
        assertFalse(Files.readString(taskFile).contains(SECRET));

        // validate names an unset variable, and passes in the shell that has it
        SluiceApp.Result unset = cli(serveEnv, "validate", taskFile.toString());
        assertNotEquals(0, unset.exit(), unset.output());
        assertTrue(unset.output().contains("env:" + VAR) && unset.output().contains("not set"), unset.output());
        SluiceApp.Result valid = cli(shell, "validate", taskFile.toString());
        assertEquals(0, valid.exit(), valid.output());
    }

    private SluiceApp.Result cli(Map<String, String> env, String... args) throws Exception {
        SluiceApp.Result r = SluiceApp.run(work, env, Duration.ofMinutes(2), args);
        outputs.add(r.output());
        return r;
    }

    private String awaitStatus(Map<String, String> env, String taskId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = cli(env, "status", taskId).output();
            if (last.contains(status)) {
                return last;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("task " + taskId + " not " + status + ":\n" + last);
    }

    private static void awaitRow(DbServer dst, long expected, String sql, SluiceApp serve) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (dst.queryLong(sql) == expected) {
                    return;
                }
            } catch (Exception notYet) {
                // the database or table is not created yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("destination never answered " + expected + " to " + sql + "; serve log:\n"
                + serve.output());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
