package dev.sluice.fullcopy;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Task endpoints for harness servers (root, password from a temp file reference). */
final class Endpoints4Test {
    private static Path passwordFile;

    private Endpoints4Test() {
    }

    static synchronized EndpointSpec of(DbServer s) {
        try {
            if (passwordFile == null) {
                passwordFile = Files.createTempFile("sluice-test-pw", ".txt");
                passwordFile.toFile().deleteOnExit();
                Files.writeString(passwordFile, DbServer.ROOT_PASSWORD);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EndpointSpec(s.host(), s.port(), s.rootUser(), "file:" + passwordFile, TlsMode.DISABLED, null);
    }
}
