package dev.sluice.dynamodb;

import static dev.sluice.dynamodb.SdkClients.n;
import static dev.sluice.dynamodb.SdkClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Durability: data survives close/reopen and a kill -9 of a child JVM after acknowledged writes; the dir lock. */
class PersistenceTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void dataSurvivesCloseAndReopen() {
        Path data = dir.resolve("reopen");
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(data, "127.0.0.1", 0);
             DynamoDbClient c = SdkClients.client(db.endpoint())) {
            SdkClients.createTable(c, "tbl", "pk", "sk", ScalarAttributeType.N);
            c.putItem(b -> b.tableName("tbl").item(Map.of("pk", s("a"), "sk", n("1"), "v", s("one"))));
            c.putItem(b -> b.tableName("tbl").item(Map.of("pk", s("a"), "sk", n("2"), "v", s("two"))));
            c.deleteItem(b -> b.tableName("tbl").key(Map.of("pk", s("a"), "sk", n("1"))));
        }
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(data, "127.0.0.1", 0);
             DynamoDbClient c = SdkClients.client(db.endpoint())) {
            assertEquals(List.of("tbl"), c.listTables().tableNames());
            var items = c.query(b -> b.tableName("tbl").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("a")))).items();
            assertEquals(List.of(Map.of("pk", s("a"), "sk", n("2"), "v", s("two"))), items);
        }
    }

    @Test
    void secondOpenOfALockedDirFailsClearly() throws Exception {
        Path data = dir.resolve("locked");
        try (EmbeddedDynamoDb first = EmbeddedDynamoDb.start(data, "127.0.0.1", 0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedDynamoDb.start(data, "127.0.0.1", 0));
            assertTrue(e.getMessage().contains("is in use by another Sluice server in this process"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("stop it or use its endpoint"), e.getMessage());
            // The failed attempt must not have dropped the OS lock: another process is still refused.
            Path log = dir.resolve("child.log");
            Process child = childCommand(data).redirectOutput(log.toFile()).start();
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the second process should have refused the locked dir and exited: " + output);
            assertEquals(1, child.exitValue(), output);
            assertTrue(output.contains("is in use by another Sluice process (pid " + ProcessHandle.current().pid()
                    + ")"), output);
        }
        EmbeddedDynamoDb.start(data, "127.0.0.1", 0).close(); // the lock is released on close
    }

    @Test
    void acknowledgedWritesSurviveKillOfTheServerProcess() throws Exception {
        Path data = dir.resolve("killed");
        Process child = startChild(data);
        try {
            URI endpoint = awaitEndpoint(child);
            try (DynamoDbClient c = SdkClients.client(endpoint)) {
                SdkClients.createTable(c, "leases", "pk", null, null);
                c.putItem(b -> b.tableName("leases").item(Map.of("pk", s("lease-1"), "owner", s("worker-7"))));
                c.updateItem(b -> b.tableName("leases").key(Map.of("pk", s("lease-1")))
                        .updateExpression("SET hb = :h").expressionAttributeValues(Map.of(":h", n("42"))));
                c.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(p -> p.tableName("leases")
                        .item(Map.of("pk", s("lease-2"), "owner", s("worker-8")))).build()));
                // While the child runs, this process must be refused the same data dir, naming the child's pid.
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> EmbeddedDynamoDb.start(data, "127.0.0.1", 0));
                assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(data, "127.0.0.1", 0);
             DynamoDbClient c = SdkClients.client(db.endpoint())) {
            Map<String, AttributeValue> lease1 = c.getItem(b -> b.tableName("leases")
                    .key(Map.of("pk", s("lease-1")))).item();
            assertEquals(Map.of("pk", s("lease-1"), "owner", s("worker-7"), "hb", n("42")), lease1);
            assertEquals("worker-8", c.getItem(b -> b.tableName("leases").key(Map.of("pk", s("lease-2"))))
                    .item().get("owner").s());
        }
    }

    private static Process startChild(Path data) throws IOException {
        return childCommand(data).start();
    }

    private static ProcessBuilder childCommand(Path data) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        return new ProcessBuilder(java, "-Xmx128m", "-cp", cp, EmbeddedDynamoDbMain.class.getName(),
                "--data-dir", data.toString(), "--port", "0")
                .redirectErrorStream(true);
    }

    private static URI awaitEndpoint(Process child) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe from filling up
                        }
                    } catch (IOException ignored) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("child server exited before listening; output:\n" + seen);
    }
}
