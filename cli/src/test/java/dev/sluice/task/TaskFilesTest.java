package dev.sluice.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The task file parser: a good file reads completely, each kind of bad input names its field and the fix. */
class TaskFilesTest {
    static final String GOOD = """
            name: shop-to-80
            source: {host: 10.0.0.5, port: 3306, user: sluice, password: env:SRC_PW}
            destination: {host: db8.internal, user: sluice, password: "file:/run/secrets/dst", tls: required}
            types: [schema, full, incremental]
            objects:
              - database: shop
                tables: ["order*", customer]
                exclude_tables: [order_tmp]
                columns: {customer: [id, name, email]}
              - database: "logs_20??"
            mapping:
              databases: {shop: shop_v2}
              tables: {shop.customer: client}
              columns: {shop.customer.email: email_address}
            throttle: {rows_per_second: 50000, max_threads_running: 40}
            options:
              existing_data: truncate
              full_copy: {workers: 8, chunk_rows: 20000}
            """;

    @Test
    void readsACompleteTaskFile() {
        TaskSpec s = TaskFiles.parse(GOOD, "good.yaml");
        assertEquals("shop-to-80", s.name());
        assertEquals(3306, s.source().portOrDefault());
        assertEquals(3306, s.destination().portOrDefault());
        assertEquals(TlsMode.REQUIRED, s.destination().tlsOrDefault());
        assertTrue(s.has(MigrationType.INCREMENTAL));
        assertEquals(8, s.optionsOrDefaults().fullCopyOrDefault().workersOrDefault());
        assertEquals(TaskOptions.ExistingDataPolicy.TRUNCATE, s.optionsOrDefaults().existingDataOrDefault());
        assertEquals(50000, s.throttleOrNone().rowsPerSecondOrUnlimited());
        ObjectFilter f = s.filter();
        assertTrue(f.includesTable("shop", "orders"));
        assertTrue(f.includesTable("shop", "customer"));
        assertFalse(f.includesTable("shop", "order_tmp"), "exclusion wins");
        assertFalse(f.includesTable("shop", "product"));
        assertTrue(f.includesTable("logs_2024", "anything"));
        assertFalse(f.includesTable("logs_204", "anything"));
        assertTrue(f.includesColumn("shop", "customer", "email"));
        assertFalse(f.includesColumn("shop", "customer", "password_hash"));
        assertTrue(f.includesColumn("shop", "orders", "total"), "no column list = all columns");
        assertEquals("shop_v2", s.mappingOrNone().database("shop"));
        assertEquals("client", s.mappingOrNone().table("shop", "customer"));
        assertEquals("email_address", s.mappingOrNone().column("shop", "customer", "email"));
        assertEquals("name", s.mappingOrNone().column("shop", "customer", "name"));
    }

    @Test
    void onlineDdlIsAutoUnlessSetAndOnlyTheToolsAreAllowed() {
        assertEquals(TaskOptions.OnlineDdl.AUTO, TaskFiles.parse(GOOD, "good.yaml").optionsOrDefaults()
                .onlineDdlOrDefault());
        for (String v : List.of("gh-ost", "pt-osc", "off", "auto")) {
            TaskSpec s = TaskFiles.parse(GOOD.replace("existing_data: truncate", "existing_data: truncate\n  online_ddl: "
                    + v), "good.yaml");
            assertEquals(v, // a bare off is YAML's false
                    s.optionsOrDefaults().onlineDdlOrDefault().yamlName());
            assertEquals(s, TaskFiles.fromJson(TaskFiles.toJson(s)));
        }
        assertEquals(TaskOptions.OnlineDdl.AUTO, TaskFiles.parse(GOOD.replace("existing_data: truncate",
                "existing_data: truncate\n  online_ddl: true"), "good.yaml").optionsOrDefaults().onlineDdlOrDefault());
        List<String> p = problems(GOOD.replace("existing_data: truncate", "existing_data: truncate\n  online_ddl: "
                + "pt-online-schema-change"));
        assertTrue(p.stream().anyMatch(x -> x.contains("online_ddl") && x.contains("auto, gh-ost, pt-osc, off")),
                p.toString());
    }

    @Test
    void storedJsonRoundTripsWithoutSecrets() {
        TaskSpec s = TaskFiles.parse(GOOD, "good.yaml");
        String json = TaskFiles.toJson(s);
        assertTrue(json.contains("env:SRC_PW"), "the reference is kept");
        assertEquals(s, TaskFiles.fromJson(json));
    }

    @Test
    void unknownKeyNamesTheFieldAndTheAllowedKeys() {
        List<String> p = problems(GOOD.replace("port: 3306, user", "prot: 3306, user"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("source: unknown key 'prot'"), p.get(0));
        assertTrue(p.get(0).contains("port"), "lists the allowed keys: " + p.get(0));
    }

    /** Regression (issue 16): validate stopped at the first unknown key; four typos took four runs. */
    @Test
    void everyUnknownKeyIsNamedInOneRun() {
        List<String> p = problems(GOOD.replace("port: 3306, user", "prot: 3306, user")
                .replace("exclude_tables:", "exclude_tabels:")
                .replace("full_copy: {workers: 8", "full_copy: {wokers: 8")
                .replace("throttle: {", "throtle: {"));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("source: unknown key 'prot'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("objects[0]: unknown key 'exclude_tabels'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("options.full_copy: unknown key 'wokers'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("(top level): unknown key 'throtle'")), p.toString());
        assertEquals(4, p.size(), p.toString());
    }

    @Test
    void caFileOnlyWithAVerifyingTlsModeAndAbsolute() {
        List<String> p = problems(GOOD.replace("tls: required", "tls: required, ca_file: /etc/ssl/ca.pem"));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("destination.ca_file: used only to verify the server")),
                p.toString());
        TaskSpec ok = TaskFiles.parse(GOOD.replace("tls: required", "tls: verify_identity, ca_file: /etc/ssl/ca.pem, "
                + "server_rsa_public_key_file: /etc/ssl/db.pub"), "good.yaml");
        assertEquals("/etc/ssl/ca.pem", ok.destination().caFile());
        assertEquals("/etc/ssl/db.pub", ok.destination().serverRsaPublicKeyFile());
        List<String> q = problems(GOOD.replace("tls: required", "tls: verify_ca, ca_file: ca.pem"));
        assertTrue(q.stream().anyMatch(x -> x.startsWith("destination.ca_file: give an absolute path")), q.toString());
    }

    @Test
    void missingEndpoint() {
        List<String> p = problems(GOOD.replaceAll("(?m)^destination:.*\\n", ""));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("destination: missing")), p.toString());
    }

    @Test
    void badPort() {
        List<String> p = problems(GOOD.replace("port: 3306", "port: 70000"));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("source.port: 70000 is not a valid port")), p.toString());
        List<String> q = problems(GOOD.replace("port: 3306", "port: three"));
        assertTrue(q.stream().anyMatch(x -> x.startsWith("source.port:")), q.toString());
    }

    @Test
    void wrongShapeSaysWhatIsExpected() {
        List<String> p = problems(GOOD.replace("host: 10.0.0.5", "host: [a, b]"));
        assertEquals(List.of("source.host: expected a single text value"), p);
    }

    @Test
    void unknownMigrationType() {
        List<String> p = problems(GOOD.replace("[schema, full, incremental]", "[schema, snapshot]"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("types"), p.get(0));
        assertTrue(p.get(0).contains("'snapshot'") && p.get(0).contains("schema, full, incremental"), p.get(0));
    }

    @Test
    void literalPasswordIsRefusedAndNeverEchoed() {
        List<String> p = problems(GOOD.replace("env:SRC_PW", "hunter2-secret"));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("source.password: must be a reference")), p.toString());
        assertTrue(p.stream().noneMatch(x -> x.contains("hunter2-secret")), "the secret is echoed: " + p);
    }

    @Test
    void startPositionOnlyForIncrementalOnlyTasks() {
        List<String> p = problems(GOOD.replace("existing_data: truncate",
                "existing_data: truncate\n  incremental: {start_gtid_set: 'abc:1-5'}"));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("options.incremental.start_*")), p.toString());
    }

    @Test
    void unreadableStartTimestampNamesTheAcceptedForms() {
        List<String> p = problems(GOOD.replace("[schema, full, incremental]", "[incremental]")
                .replace("existing_data: truncate", "existing_data: truncate\n  incremental: {start_timestamp: 'noon'}"));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("options.incremental.start_timestamp: 'noon' is not a time")
                && x.contains("ISO-8601")), p.toString());
    }

    @Test
    void badPolicyValueListsAllowedValues() {
        List<String> p = problems(GOOD.replace("existing_data: truncate", "existing_data: wipe"));
        assertTrue(p.get(0).startsWith("options.existing_data: 'wipe' is not allowed; allowed: fail, ignore, truncate"),
                p.toString());
    }

    @Test
    void syntaxErrorGivesLineAndColumn() {
        List<String> p = problems("name: x\nsource: {host: a\n");
        assertTrue(p.get(0).contains("line") && p.get(0).contains("not valid YAML"), p.toString());
    }

    @Test
    void passwordReferencesResolve() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("pw", ".txt");
        java.nio.file.Files.writeString(f, "s3cret\n");
        assertEquals("s3cret", SecretRef.resolve("file:" + f));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecretRef.resolve("env:SLUICE_TEST_SURELY_UNSET"));
        assertTrue(e.getMessage().contains("SLUICE_TEST_SURELY_UNSET is not set"), e.getMessage());
        assertEquals("", SecretRef.resolve(null));
    }

    private static List<String> problems(String yaml) {
        return assertThrows(TaskFileException.class, () -> TaskFiles.parse(yaml, "t.yaml")).problems();
    }
}
