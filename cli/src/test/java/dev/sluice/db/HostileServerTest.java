package dev.sluice.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.fullcopy.CopySessions;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TlsMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malicious (or intercepted) MySQL server must get nothing from Sluice's connections: no local file through a
 * LOCAL INFILE request it makes up, no password through public key retrieval on an unencrypted connection.
 */
class HostileServerTest {
    private static final String MARKER = "sluice-local-secret-7f3a";

    @TempDir
    Path dir;

    private EndpointSpec endpoint(FakeMySqlServer server, String passwordFile) {
        return new EndpointSpec("127.0.0.1", server.port(), "sluice", "file:" + passwordFile, TlsMode.PREFERRED, 5);
    }

    @Test
    void destinationAnsweringAStatementWithLocalInfileGetsNoLocalFile() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, MARKER + "\n");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "hunter2");
        for (String target : new String[] {secret.toString(), "/etc/passwd",
                Endpoints.STREAM_ONLY_LOCAL_INFILE.get("allowLoadLocalInfileInPath") + "/../../../etc/passwd"}) {
            try (FakeMySqlServer server = new FakeMySqlServer(FakeMySqlServer.Attack.LOCAL_INFILE, target)) {
                try {
                    CopySessions.destination(endpoint(server, pw.toString()), "", true, true).close();
                } catch (SQLException expected) {
                    // the fake server cannot answer real queries; what matters is what it received
                }
                assertFalse(server.infileData.isEmpty(), "the fake server never got to send its LOCAL INFILE request");
                for (byte[] got : server.infileData) {
                    String text = new String(got, StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(MARKER) || text.contains("root:"),
                            "the server read " + target + " through LOCAL INFILE: " + text.substring(0, Math.min(80, text.length())));
                    assertEquals(0, got.length, "the client sent data for " + target);
                }
            }
        }
    }

    @Test
    void serverAskingForThePasswordViaPublicKeyRetrievalWithoutTlsGetsNothing() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "hunter2-" + MARKER);
        try (FakeMySqlServer server = new FakeMySqlServer(FakeMySqlServer.Attack.PUBLIC_KEY_RETRIEVAL, null)) {
            SQLException e = assertThrows(SQLException.class, () -> Endpoints.open(endpoint(server, pw.toString())).close());
            assertEquals(0, server.publicKeyRequests, "the client asked the server for its RSA key");
            assertTrue(server.stolenPasswords.isEmpty(), "the server decrypted the password: " + server.stolenPasswords);
            assertTrue(e.getMessage().contains("server_rsa_public_key_file") && e.getMessage().contains("tls: required"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(MARKER), e.getMessage());
        }
    }
}
