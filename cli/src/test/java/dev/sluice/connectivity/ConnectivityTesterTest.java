package dev.sluice.connectivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.TaskDocuments;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.DbUser;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Connectivity test against real servers: every failure kind gets its own message, and passwords never leak. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectivityTesterTest {
    private static final String GOOD_PASSWORD = "Zq7-distinctive-Pw-4417";
    private static final String WRONG_PASSWORD = "Xw9-wrong-Distinctive-8812";

    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    @TempDir
    Path dir;

    private DbServer mysql80;
    private DbServer tlsRequired;
    private DbUser tlsUser;
    private final ConnectivityTester tester = new ConnectivityTester();

    @BeforeAll
    void start() {
        mysql80 = SharedServers.get(Flavor.MYSQL_80);
        // the harness itself logs in without TLS, so the server starts normally and requires TLS from then on
        tlsRequired = servers.start(Flavor.MYSQL_80, ServerOptions.defaults());
        tlsUser = tlsRequired.createUser(TestNames.unique("tl"), GOOD_PASSWORD, "SELECT ON *.*");
        tlsRequired.rsaPublicKeyFile();   // read while the harness can still log in without TLS
        tlsRequired.execute("SET GLOBAL require_secure_transport = ON");
    }

    @AfterAll
    void stop() {
        servers.closeAll();
    }

    private String passwordFile(String password) throws Exception {
        Path f = Files.createTempFile(dir, "pw", ".txt");
        Files.writeString(f, password);
        return "file:" + f;
    }

    private EndpointSpec endpoint(DbServer s, String user, String password, TlsMode tls) throws Exception {
        return new EndpointSpec(s.host(), s.port(), user, passwordFile(password), tls, 5, null,
                tls == TlsMode.DISABLED ? s.rsaPublicKeyFile() : null);
    }

    private static String json(EndpointReport r) throws Exception {
        return TaskDocuments.json().writeValueAsString(r);
    }

    private static void assertNoSecret(EndpointReport r, String... secrets) throws Exception {
        String json = json(r);
        String table = new ConnectivityReport(java.time.Instant.now(), java.util.List.of(r)).toTable();
        for (String secret : secrets) {
            assertFalse(json.contains(secret), "password leaked into the report JSON: " + json);
            assertFalse(table.contains(secret), "password leaked into the table: " + table);
        }
    }

    @Test
    void goodEndpointReportsFlavorVersionTlsAndLatency() throws Exception {
        DbUser user = mysql80.createUser(TestNames.unique("ok"), GOOD_PASSWORD, "SELECT ON *.*");
        EndpointReport r = tester.test("source", endpoint(mysql80, user.name(), GOOD_PASSWORD, TlsMode.PREFERRED));
        assertTrue(r.ok(), r.summary() + "\n" + json(r));
        assertEquals(7, r.steps().size());
        assertTrue(r.step(Step.SERVER).orElseThrow().value().startsWith("MySQL 8.0.31"), json(r));
        // the server auto-generated its certificates at first start, so PREFERRED negotiates TLS
        assertTrue(r.step(Step.TLS).orElseThrow().value().startsWith("TLSv1."), json(r));
        assertTrue(r.step(Step.LATENCY).orElseThrow().value().contains("median of 5"), json(r));
        assertEquals(user.name() + "@%", r.step(Step.AUTHENTICATION).orElseThrow().value());
        assertNoSecret(r, GOOD_PASSWORD);
    }

    @Test
    void mariaDbAndMysql57AreDetected() throws Exception {
        for (Flavor f : new Flavor[] {Flavor.MARIADB_1011, Flavor.MYSQL_57}) {
            DbServer s = SharedServers.get(f);
            DbUser user = s.createUser(TestNames.unique("fl"), GOOD_PASSWORD, "SELECT ON *.*");
            EndpointReport r = tester.test("destination", endpoint(s, user.name(), GOOD_PASSWORD, TlsMode.DISABLED));
            assertTrue(r.ok(), r.summary());
            String server = r.step(Step.SERVER).orElseThrow().value();
            assertTrue(server.startsWith(f.isMariaDb() ? "MariaDB 10.11." : "MySQL 5.7.22"), server);
            assertEquals(StepStatus.WARN, r.step(Step.TLS).orElseThrow().status());
            assertTrue(r.step(Step.TLS).orElseThrow().message().contains("tls: disabled"), json(r));
        }
    }

    @Test
    void unknownHost() throws Exception {
        EndpointSpec e = new EndpointSpec("no-such-host.invalid", 3306, "u", passwordFile(GOOD_PASSWORD),
                TlsMode.DISABLED, 5);
        EndpointReport r = tester.test("source", e);
        assertFalse(r.ok());
        StepResult dns = r.step(Step.DNS).orElseThrow();
        assertEquals(StepStatus.FAILED, dns.status());
        assertTrue(dns.message().startsWith("source no-such-host.invalid:3306: unknown host 'no-such-host.invalid'"),
                dns.message());
        assertTrue(dns.message().contains("check source.host in the task file"), dns.message());
        assertEquals(StepStatus.SKIPPED, r.step(Step.TCP).orElseThrow().status());
        assertEquals(dns.message(), r.summary());
    }

    @Test
    void closedPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        EndpointSpec e = new EndpointSpec("127.0.0.1", port, "u", passwordFile(GOOD_PASSWORD), TlsMode.DISABLED, 5);
        EndpointReport r = tester.test("source", e);
        StepResult tcp = r.step(Step.TCP).orElseThrow();
        assertEquals(StepStatus.FAILED, tcp.status());
        assertEquals("source 127.0.0.1:" + port + ": connection refused — is mysqld running and listening on this "
                + "port (bind_address, port)? check source.host/port in the task file", tcp.message());
        assertEquals(StepStatus.OK, r.step(Step.DNS).orElseThrow().status());
    }

    @Test
    void wrongPasswordNeverShowsThePassword() throws Exception {
        DbUser user = mysql80.createUser(TestNames.unique("wp"), GOOD_PASSWORD, "SELECT ON *.*");
        EndpointReport r = tester.test("destination", endpoint(mysql80, user.name(), WRONG_PASSWORD, TlsMode.DISABLED));
        StepResult auth = r.step(Step.AUTHENTICATION).orElseThrow();
        assertEquals(StepStatus.FAILED, auth.status());
        assertTrue(auth.message().contains("wrong user or password"), auth.message());
        assertTrue(auth.message().contains("Access denied for user '" + user.name() + "'"), auth.message());
        assertTrue(auth.message().contains("check destination.user and the password reference file:"), auth.message());
        assertEquals(StepStatus.SKIPPED, r.step(Step.LATENCY).orElseThrow().status());
        assertNoSecret(r, WRONG_PASSWORD, GOOD_PASSWORD);
    }

    @Test
    void unresolvablePasswordReferenceIsAnAuthenticationFailure() throws Exception {
        EndpointSpec e = new EndpointSpec(mysql80.host(), mysql80.port(), "u", "file:" + dir.resolve("missing.txt"),
                TlsMode.DISABLED, 5);
        EndpointReport r = tester.test("source", e);
        StepResult auth = r.step(Step.AUTHENTICATION).orElseThrow();
        assertEquals(StepStatus.FAILED, auth.status());
        assertTrue(auth.message().contains("cannot read"), auth.message());
    }

    @Test
    void noPrivileges() throws Exception {
        DbUser user = mysql80.createUser(TestNames.unique("np"), GOOD_PASSWORD);
        EndpointReport r = tester.test("source", endpoint(mysql80, user.name(), GOOD_PASSWORD, TlsMode.PREFERRED));
        StepResult p = r.step(Step.PRIVILEGES).orElseThrow();
        assertEquals(StepStatus.FAILED, p.status(), json(r));
        assertTrue(p.message().contains("has no privileges (SHOW GRANTS shows USAGE only)"), p.message());
        assertTrue(p.message().contains("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, REPLICATION SLAVE, REPLICATION "
                + "CLIENT ON *.* TO '" + user.name() + "'@'%'"), p.message());
        assertFalse(r.ok());
        assertNoSecret(r, GOOD_PASSWORD);
    }

    @Test
    void tlsRequiredByServerWhileTaskDisablesIt() throws Exception {
        DbUser user = tlsUser;
        EndpointReport r = tester.test("source", endpoint(tlsRequired, user.name(), GOOD_PASSWORD, TlsMode.DISABLED));
        StepResult tls = r.step(Step.TLS).orElseThrow();
        assertEquals(StepStatus.FAILED, tls.status(), json(r));
        assertTrue(tls.message().contains("the server requires TLS (require_secure_transport=ON) but the task says "
                + "tls: disabled; set source.tls: required"), tls.message());
        assertNoSecret(r, GOOD_PASSWORD);

        EndpointReport fixed = tester.test("source",
                endpoint(tlsRequired, user.name(), GOOD_PASSWORD, TlsMode.REQUIRED));
        assertTrue(fixed.ok(), json(fixed));
        String value = fixed.step(Step.TLS).orElseThrow().value();
        assertTrue(value.startsWith("TLSv1.") && value.endsWith("server requires TLS"), value);
    }

    @Test
    void accountRequiringTlsWhileTaskDisablesIt() throws Exception {
        DbUser user = mysql80.createUser(TestNames.unique("rs"), GOOD_PASSWORD, "SELECT ON *.*");
        mysql80.execute("ALTER USER '" + user.name() + "'@'%' REQUIRE SSL");
        EndpointReport r = tester.test("source", endpoint(mysql80, user.name(), GOOD_PASSWORD, TlsMode.DISABLED));
        StepResult tls = r.step(Step.TLS).orElseThrow();
        assertEquals(StepStatus.FAILED, tls.status(), json(r));
        assertTrue(tls.message().contains("requires TLS (created with REQUIRE SSL / X509)"), tls.message());
        assertNoSecret(r, GOOD_PASSWORD);
    }
}
