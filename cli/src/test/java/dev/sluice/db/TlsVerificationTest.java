package dev.sluice.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connectivity.ConnectivityTester;
import dev.sluice.connectivity.EndpointReport;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls: verify_ca / verify_identity} check the server's certificate against {@code ca_file}: a real MySQL 8.0
 * started with a certificate signed by CA "b" is refused when the task trusts CA "a" (what a man in the middle with
 * his own CA looks like), accepted when it trusts "b". Certificates are made with the JDK's keytool.
 */
class TlsVerificationTest {
    @RegisterExtension
    static final DbServerExtension SERVERS = DbServerExtension.create();

    @TempDir
    static Path pki;
    static DbServer server;
    static Path pw;

    @BeforeAll
    static void start() throws Exception {
        ca("ca-a");
        ca("ca-b");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", "changeit", "-file", "server.csr");
        keytool("-gencert", "-alias", "ca-b", "-keystore", "ca-b.p12", "-storepass", "changeit", "-infile", "server.csr",
                "-outfile", "server.pem", "-rfc", "-ext", "san=ip:127.0.0.1", "-validity", "2");
        writeKey("server.p12", "server", "server-key.pem");
        server = SERVERS.start(Flavor.MYSQL_80, ServerOptions.of("ssl_ca", pki.resolve("ca-b.pem").toString(),
                "ssl_cert", pki.resolve("server.pem").toString(), "ssl_key", pki.resolve("server-key.pem").toString()));
        pw = pki.resolve("pw");
        Files.writeString(pw, server.rootPassword());
    }

    private static EndpointSpec endpoint(TlsMode mode, String caFile) {
        return new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + pw, mode, 10,
                caFile == null ? null : pki.resolve(caFile).toString(), null);
    }

    @Test
    void verifyCaRefusesAServerWhoseCertificateAnotherCaSigned() {
        SQLException e = assertThrows(SQLException.class,
                () -> Endpoints.open(endpoint(TlsMode.VERIFY_CA, "ca-a.pem")).close());
        String all = messages(e);
        assertTrue(e.getMessage().contains("not trusted") && e.getMessage().contains("ca_file"), all);
        EndpointReport report = new ConnectivityTester().test("source", endpoint(TlsMode.VERIFY_IDENTITY, "ca-a.pem"));
        assertFalse(report.ok(), report.toString());
        assertTrue(report.summary().contains("ca_file"), report.toString());
    }

    @Test
    void verifyCaAndVerifyIdentityAcceptTheServerTheTrustedCaSigned() throws Exception {
        for (TlsMode mode : new TlsMode[] {TlsMode.VERIFY_CA, TlsMode.VERIFY_IDENTITY}) {
            try (Connection c = Endpoints.open(endpoint(mode, "ca-b.pem")); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(2).startsWith("TLS"), mode + ": not encrypted: " + rs.getString(2));
            }
        }
    }

    @Test
    void testConnectionSaysWhenTheConnectionIsEncryptedButUnverified() {
        String report = new ConnectivityTester().test("source", endpoint(TlsMode.REQUIRED, null)).toString();
        assertTrue(report.contains("certificate NOT verified"), report);
        String verified = new ConnectivityTester().test("source", endpoint(TlsMode.VERIFY_IDENTITY, "ca-b.pem")).toString();
        assertTrue(verified.contains("certificate verified"), verified);
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    private static void ca(String name) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Sluice test " + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", name + ".p12", "-storetype", "PKCS12",
                "-storepass", "changeit");
        keytool("-exportcert", "-alias", name, "-keystore", name + ".p12", "-storepass", "changeit", "-rfc",
                "-file", name + ".pem");
    }

    private static void writeKey(String store, String alias, String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve(store))) {
            ks.load(in, "changeit".toCharArray());
        }
        Key key = ks.getKey(alias, "changeit".toCharArray());
        Files.writeString(pki.resolve(pem), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ":\n" + out);
    }
}
