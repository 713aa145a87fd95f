package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.local.SluiceHome;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskFiles;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.Sakila;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The whole product on real servers: a task started through {@link SfnClient} against the local runner of a
 * 'sluice serve' process walks the states of workflow/migration.asl.json (schema, full copy, binlog), survives
 * kill -9 of the app during the full copy and during replication (the same execution resumes), and ends with
 * 'sluice stop' at a transaction boundary — with the destination equal to the source.
 */
class EndToEndIT {
    @RegisterExtension
    static final DbServerExtension SERVERS = DbServerExtension.create();

    @TempDir
    Path work;

    private String token;

    @Test
    void taskWalksTheWorkflowSurvivesKillsOfTheAppAndStops() throws Exception {
        DbServer src = SERVERS.start(Flavor.MYSQL_80);
        DbServer dst = SERVERS.start(Flavor.MYSQL_80);
        Sakila.load(src, "sakila");
        Path home = work.resolve("home");
        Path taskFile = work.resolve("task.yaml");
        Files.writeString(taskFile, """
                name: e2e
                source: {host: 127.0.0.1, port: %d, user: root, password: env:SLUICE_E2E_PW, tls: disabled}
                destination: {host: 127.0.0.1, port: %d, user: root, password: env:SLUICE_E2E_PW, tls: disabled}
                types: [schema, full, incremental]
                objects:
                  - database: sakila
                throttle: {rows_per_second: 4000}
                options:
                  full_copy: {workers: 2, chunk_rows: 1000}
                  incremental: {slice_seconds: 20}
                """.formatted(src.port(), dst.port()));
        Map<String, String> env = Map.of("SLUICE_E2E_PW", src.rootPassword(), "SLUICE_HOME", home.toString(),
                "SLUICE_DEBUG", "1");
        SluiceHome sluiceHome = SluiceHome.resolve(home.toString());

        // the task is started through the Step Functions API, not the CLI: serve may resolve its env: reference
        SluiceApp app = SluiceApp.launch(work.resolve("serve-1.log"), env, "serve", "--port", "0",
                "--allow-secret-ref", "env:SLUICE_E2E_PW");
        try {
            SluiceHome.Daemon d = SluiceApp.awaitDaemon(sluiceHome, app, Duration.ofMinutes(2));
            token = sluiceHome.token();
            SfnClient sfn = sfn(d.sfnEndpoint());
            Tasks tasks = new Tasks(new StateTable(StateBeans.dynamoDb(Optional.of(d.dynamoEndpoint()), "us-east-1",
                    credentials()), "sluice-state"));
            TaskRecord task = tasks.create(TaskFiles.read(taskFile));
            String exec = sfn.startExecution(r -> r.stateMachineArn(d.stateMachineArn()).name(task.id() + "-e2e")
                    .input("{\"taskId\":\"" + task.id() + "\"}")).executionArn();

            // 1. kill -9 in the middle of the full copy
            await("the full copy to start writing rental rows", Duration.ofMinutes(4), app,
                    () -> dst.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='sakila' "
                            + "AND TABLE_NAME='rental'") == 1
                            && dst.queryLong("SELECT COUNT(*) FROM sakila.rental") > 0);
            long rentalBefore = dst.queryLong("SELECT COUNT(*) FROM sakila.rental");
            assertTrue(rentalBefore < 16044, "the copy finished before the kill; it must be killed mid-copy");
            app.killHard();

            app = SluiceApp.launch(work.resolve("serve-2.log"), env, "serve", "--port", "0",
                "--allow-secret-ref", "env:SLUICE_E2E_PW");
            SluiceHome.Daemon d2 = SluiceApp.awaitDaemon(sluiceHome, app, Duration.ofMinutes(2));
            SfnClient sfn2 = sfn(d2.sfnEndpoint());
            final SluiceApp app2 = app;
            await("the resumed execution to reach ReplicateBinlog", Duration.ofMinutes(6), app2,
                    () -> entered(sfn2, exec).contains("ReplicateBinlog"));

            // 2. changes on the source during replication reach the destination
            src.executeIn("sakila",
                    "INSERT INTO actor (first_name, last_name) VALUES ('E2E', 'ONE')",
                    "UPDATE actor SET last_name = 'CHANGED' WHERE actor_id = 1",
                    "DELETE FROM film_actor WHERE actor_id = 2 AND film_id = 3");
            await("replicated changes", Duration.ofMinutes(2), app2,
                    () -> dst.queryLong("SELECT COUNT(*) FROM sakila.actor WHERE first_name = 'E2E'") == 1
                            && "CHANGED".equals(dst.queryValue("SELECT last_name FROM sakila.actor WHERE actor_id = 1"))
                            && dst.queryLong("SELECT COUNT(*) FROM sakila.film_actor WHERE actor_id = 2 AND film_id = 3") == 0);

            // 3. kill -9 during replication; changes made while it is down arrive after the restart
            app.killHard();
            src.executeIn("sakila", "INSERT INTO actor (first_name, last_name) VALUES ('E2E', 'TWO')",
                    "UPDATE film SET rental_rate = 9.99 WHERE film_id = 10");
            app = SluiceApp.launch(work.resolve("serve-3.log"), env, "serve", "--port", "0",
                "--allow-secret-ref", "env:SLUICE_E2E_PW");
            SluiceHome.Daemon d3 = SluiceApp.awaitDaemon(sluiceHome, app, Duration.ofMinutes(2));
            final SluiceApp app3 = app;
            await("changes made while the app was down", Duration.ofMinutes(2), app3,
                    () -> dst.queryLong("SELECT COUNT(*) FROM sakila.actor WHERE first_name = 'E2E'") == 2
                            && "9.99".equals(dst.queryValue("SELECT rental_rate FROM sakila.film WHERE film_id = 10")));

            // 4. stop through the CLI: replication ends at a transaction boundary, the execution completes
            SluiceApp.Result stop = SluiceApp.run(work, env, Duration.ofMinutes(3), "stop", task.id(), "--wait");
            assertEquals(0, stop.exit(), stop.output());
            assertTrue(stop.output().contains("STOPPED"), stop.output());
            SfnClient sfn3 = sfn(d3.sfnEndpoint());
            await("the execution to end", Duration.ofMinutes(1), app3,
                    () -> sfn3.describeExecution(r -> r.executionArn(exec)).status() != ExecutionStatus.RUNNING);
            assertEquals(ExecutionStatus.SUCCEEDED, sfn3.describeExecution(r -> r.executionArn(exec)).status());

            // the one execution walked the definition, resumed twice without starting over
            List<String> states = entered(sfn3, exec);
            assertInOrder(states, "Route", "TestConnectivity", "Precheck", "CreateSchema", "PlanFullCopy",
                    "CopyFullData", "FinishSchema", "ReplicateBinlog", "Complete");
            assertEquals(1, states.stream().filter("TestConnectivity"::equals).count(), "restarted from scratch: " + states);
            assertEquals(1, history(sfn3, exec).stream().filter(e -> e.type() == HistoryEventType.EXECUTION_STARTED)
                    .count());

            // the task API and the console of 'sluice serve' show the same task and its workflow
            HttpClient http = HttpClient.newHttpClient();
            String tasksJson = get(http, d3.apiEndpoint() + "/api/tasks");
            assertTrue(tasksJson.contains(task.id()) && tasksJson.contains("STOPPED"), tasksJson);
            String historyJson = get(http, d3.apiEndpoint() + "/api/tasks/" + task.id() + "/history");
            assertTrue(historyJson.contains("ReplicateBinlog") && historyJson.contains("CopyFullData"), historyJson);
            assertTrue(get(http, d3.apiEndpoint() + "/").contains("Sluice console"));
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(d3.apiEndpoint() + "/api/tasks"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bad\", \"source\": {\"host\": \"x\", \"prot\": 1}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("unknown key 'prot'"), bad.body());

            SluiceApp.Result status = SluiceApp.run(work, env, Duration.ofMinutes(1), "status", task.id());
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("STOPPED"), status.output());

            // the password (a known value) is nowhere: not in the logs, status, history, API answers or state files
            String password = src.rootPassword();
            String json = SluiceApp.run(work, env, Duration.ofMinutes(1), "status", task.id(), "--json").output();
            for (String shown : List.of(status.output(), json, tasksJson, historyJson)) {
                assertFalse(shown.contains(password), "the password was shown: " + shown);
            }
            try (var files = Files.walk(work)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains(password), "the password is in " + f);
                }
            }

            // 5. the destination holds exactly the source's rows
            for (var row : src.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila' "
                    + "AND TABLE_TYPE = 'BASE TABLE'")) {
                String table = (String) row.get("TABLE_NAME");
                assertEquals(src.queryLong("SELECT COUNT(*) FROM sakila.`" + table + "`"),
                        dst.queryLong("SELECT COUNT(*) FROM sakila.`" + table + "`"), "row count of " + table);
                assertEquals(checksum(src, table), checksum(dst, table), "CHECKSUM TABLE " + table);
            }
        } finally {
            app.close();
        }
    }

    private String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    private static String checksum(DbServer s, String table) {
        return String.valueOf(s.query("CHECKSUM TABLE sakila.`" + table + "`").get(0).get("Checksum"));
    }

    /** The local endpoints take requests signed with the home's token as the secret access key. */
    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("sluice", token));
    }

    private SfnClient sfn(String endpoint) {
        return SfnClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static List<HistoryEvent> history(SfnClient sfn, String exec) {
        List<HistoryEvent> all = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(exec).maxResults(1000)).events().forEach(all::add);
        return all;
    }

    private static List<String> entered(SfnClient sfn, String exec) {
        return history(sfn, exec).stream().filter(e -> e.stateEnteredEventDetails() != null)
                .map(e -> e.stateEnteredEventDetails().name()).toList();
    }

    private static void assertInOrder(List<String> actual, String... expected) {
        int i = 0;
        for (String s : actual) {
            if (i < expected.length && s.equals(expected[i])) {
                i++;
            }
        }
        assertEquals(expected.length, i, "states entered, expected in order " + List.of(expected) + ": " + actual);
    }

    private static void await(String what, Duration timeout, SluiceApp app, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // e.g. the table does not exist yet
            }
            if (!app.isAlive()) {
                throw new AssertionError("sluice died while waiting for " + what + ":\n" + app.output());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; app output:\n" + app.output());
    }
}
