package dev.sluice.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskExpiry;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskFiles;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.Sakila;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every Funqy function called with its JSON payload in the workflow's order on Sakila (real MySQL 8.0, embedded
 * state store), with each
 * DynamoDB call recorded per function: (1) the IAM actions of each function in infra/template.yaml must cover what
 * its code calls, and grant nothing it does not call (least privilege, checked against the code, not by reading
 * it); (2) the counts, written to target/aws-state-access.txt, are the measurements behind docs/aws.md's costs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateTableAccessTest {
    private static final Map<String, String> LOGICAL_IDS = Map.ofEntries(
            Map.entry("task-route", "TaskRouteFunction"), Map.entry("connectivity-test", "ConnectivityTestFunction"),
            Map.entry("precheck", "PrecheckFunction"), Map.entry("schema-create", "SchemaCreateFunction"),
            Map.entry("fullcopy-plan", "FullCopyPlanFunction"), Map.entry("fullcopy-worker", "FullCopyWorkerFunction"),
            Map.entry("schema-finish", "SchemaFinishFunction"), Map.entry("verify", "VerifyFunction"),
            Map.entry("incremental-slice", "IncrementalFunction"), Map.entry("task-complete", "TaskCompleteFunction"),
            Map.entry("task-fail", "TaskFailFunction"));

    /**
     * Actions of code paths this run does not take: the binlog slice reads the stored schema history (Query) only
     * when the source's binlog lacks full row metadata (MySQL 5.7, MariaDB), and deletes entries past the resume
     * position (DeleteItem) only when it resumes behind a recorded DDL.
     */
    private static final Map<String, Set<String>> NOT_EXERCISED = Map.of(
            // a table reload's plan and copy run inside the slices (chunk ledger: deletes, claims, counters)
            "incremental-slice", Set.of("dynamodb:Query", "dynamodb:DeleteItem", "dynamodb:UpdateItem"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Map<String, AtomicLong>> calls = new ConcurrentHashMap<>();
    private volatile String current = "setup";
    private EmbeddedDynamoDb dynamo;
    private StateTable table;
    private Tasks tasks;
    private DbServer mysql;
    private String db;

    @BeforeAll
    void start() {
        dynamo = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(dynamo.endpoint().toString()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                        calls.computeIfAbsent(current, k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
                    }
                })).build();
        table = new StateTable(client, TestNames.unique("state"));
        table.ensureExists();
        tasks = new Tasks(table);
        mysql = SharedServers.get(Flavor.MYSQL_80);
        db = Sakila.loadUnique(mysql);
        mysql.executeIn(db, "CREATE TABLE evt (id INT PRIMARY KEY, v VARCHAR(40))");
    }

    @AfterAll
    void stop() {
        if (table != null) {
            table.client().close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private <T> T as(String function, java.util.concurrent.Callable<T> call) throws Exception {
        current = function;
        try {
            return call.call();
        } finally {
            current = "other";
        }
    }

    @Test
    void functionsCallOnlyWhatTheTemplateGrantsAndTheTemplateGrantsOnlyWhatTheyCall() throws Exception {
        Path pw = Files.createTempFile("sluice-pw", ".txt");
        Files.writeString(pw, mysql.rootPassword());
        pw.toFile().deleteOnExit();
        String endpoint = "{host: " + mysql.host() + ", port: " + mysql.port() + ", user: " + mysql.rootUser()
                + ", password: 'file:" + pw + "'}";
        String id = tasks.create(TaskFiles.parse("name: iam\nsource: " + endpoint + "\ndestination: " + endpoint
                + "\ntypes: [schema, full, incremental]\nobjects: [{database: " + db + "}]\n"
                + "mapping: {databases: {" + db + ": " + db + "_dst}}\n"
                + "options: {full_copy: {workers: 2, chunk_rows: 2000}, incremental: {slice_seconds: 10},"
                + " verify_after_full_copy: true}\n", "iam.yaml")).id();
        FunctionCatalog fns = Functions.catalog(table, 30);
        String task = "{\"taskId\":\"" + id + "\"}";
        as("task-route", () -> fns.invoke("task-route", JSON.readTree("{\"taskId\":\"" + id
                + "\",\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:sluice-migration:x\"}")));
        assertTrue(as("connectivity-test", () -> fns.invoke("connectivity-test", JSON.readTree(task)))
                .get("ok").asBoolean());
        JsonNode p = as("precheck", () -> fns.invoke("precheck", JSON.readTree(task)));
        assertTrue(p.get("passed").asBoolean(), p.toString());
        as("schema-create", () -> fns.invoke("schema-create", JSON.readTree(task)));
        JsonNode planned = as("fullcopy-plan", () -> fns.invoke("fullcopy-plan", JSON.readTree(task)));
        int workerCalls = 0;
        for (JsonNode slot : planned.get("workers")) {
            workerCalls++;
            as("fullcopy-worker", () -> fns.invoke("fullcopy-worker",
                    JSON.readTree("{\"taskId\":\"" + id + "\",\"slot\":" + slot.asInt() + "}")));
        }
        as("schema-finish", () -> fns.invoke("schema-finish", JSON.readTree(task)));
        // the workflow's Verify: plan, one call per batch (a Map), report
        JsonNode batches = as("verify", () -> fns.invoke("verify", JSON.readTree("{\"taskId\":\"" + id
                + "\",\"step\":\"plan\"}"))).get("batches");
        for (JsonNode b : batches) {
            assertEquals(0, as("verify", () -> fns.invoke("verify", JSON.readTree("{\"taskId\":\"" + id
                    + "\",\"step\":\"batch\",\"batch\":" + b.asInt() + "}"))).get("remaining").asInt());
        }
        assertTrue(as("verify", () -> fns.invoke("verify", JSON.readTree("{\"taskId\":\"" + id
                + "\",\"step\":\"report\"}"))).get("equal").asBoolean());
        // one bounded binlog slice (10 s) while 2,000 row events arrive
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                StringBuilder sql = new StringBuilder("INSERT INTO evt VALUES ");
                for (int k = 0; k < 100; k++) {
                    sql.append(k == 0 ? "" : ",").append("(").append(i * 100 + k).append(",'v')");
                }
                mysql.executeIn(db, sql.toString());
            }
        });
        long sliceStart = System.nanoTime();
        writer.start();
        for (int attempt = 1; ; attempt++) {
            try {
                as("incremental-slice", () -> fns.invoke("incremental-slice", JSON.readTree(task)));
                break;
            } catch (Exception e) {
                // the workflow's Retry rule retries a curable failure (e.g. a binlog stream the server closed: seen
                // once in CI); do as it does, from the checkpoint
                if (attempt >= 3 || !dev.sluice.failure.Failures.isRetriable(e)) {
                    throw e;
                }
            }
        }
        writer.join();
        double sliceSeconds = (System.nanoTime() - sliceStart) / 1e9;
        assertEquals(2000, mysql.queryLong("SELECT COUNT(*) FROM `" + db + "_dst`.evt"));
        assertEquals("SUCCEEDED", as("task-complete", () -> fns.invoke("task-complete", JSON.readTree(task)))
                .get("status").asText());
        assertTrue(table.get(Tasks.pk(id), "META").orElseThrow().has(TaskExpiry.ATTRIBUTE));
        as("task-fail", () -> fns.invoke("task-fail", JSON.readTree(task)));
        assertEquals(TaskStatus.FAILED, tasks.require(id).status());

        int items = table.query(Tasks.pk(id), "").size();
        writeReport(id, planned.get("chunks").asInt(), workerCalls, sliceSeconds, items);
        Map<String, Set<String>> granted = grantedActions();
        for (String f : LOGICAL_IDS.keySet()) {
            Set<String> used = new TreeSet<>();
            calls.getOrDefault(f, Map.of()).keySet().forEach(op -> used.add("dynamodb:" + op));
            used.addAll(NOT_EXERCISED.getOrDefault(f, Set.of()));
            assertEquals(used, granted.get(f), f + ": the template's DynamoDB actions must be exactly the ones "
                    + "its code calls (calls: " + calls.get(f) + ", plus paths this run does not take: "
                    + NOT_EXERCISED.getOrDefault(f, Set.of()) + ")");
        }
    }

    /** The DynamoDB actions the template grants each function on the state table. */
    private static Map<String, Set<String>> grantedActions() throws Exception {
        Path template = Path.of(System.getProperty("sluice.repo.root", ".."), "infra", "template.yaml");
        // CloudFormation's short-form tags (!Ref, !GetAtt...) are read as plain values: only the actions matter
        JsonNode resources = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(template))
                .get("Resources");
        Map<String, Set<String>> out = new TreeMap<>();
        LOGICAL_IDS.forEach((fn, logicalId) -> {
            Set<String> actions = new TreeSet<>();
            for (JsonNode policy : resources.get(logicalId).at("/Properties/Policies")) {
                for (JsonNode st : policy.path("Statement")) {
                    st.path("Action").forEach(a -> {
                        if (a.asText().startsWith("dynamodb:")) {
                            actions.add(a.asText());
                        }
                    });
                }
            }
            out.put(fn, actions);
        });
        return out;
    }

    private void writeReport(String id, int chunks, int workerCalls, double sliceSeconds, int items)
            throws Exception {
        StringBuilder sb = new StringBuilder("# DynamoDB calls per function, one task on Sakila (+ table evt), "
                + "chunks=" + chunks + ", worker calls=" + workerCalls + ", state items left=" + items
                + ", incremental slice " + String.format("%.1f", sliceSeconds) + " s with 2000 row events\n");
        new TreeMap<>(calls).forEach((fn, ops) -> sb.append(fn).append(' ').append(new TreeMap<>(ops)).append('\n'));
        Path out = Path.of("target", "aws-state-access.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        System.out.println(sb);
    }
}
