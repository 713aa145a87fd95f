package dev.sluice.verification;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Task specs and endpoints for verification tests on harness servers (root password via a file reference). */
final class VerifyFixtures {
    private static Path passwordFile;

    private VerifyFixtures() {
    }

    static synchronized EndpointSpec endpoint(DbServer server) {
        try {
            if (passwordFile == null) {
                passwordFile = Files.createTempFile("sluice-verify-pw", ".txt");
                Files.writeString(passwordFile, DbServer.ROOT_PASSWORD);
                passwordFile.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + passwordFile,
                TlsMode.DISABLED, 10);
    }

    /** A task copying database {@code srcDb} of {@code source} to {@code dstDb} of {@code dest}. */
    static TaskSpec task(DbServer source, String srcDb, DbServer dest, String dstDb) {
        return task(source, srcDb, dest, dstDb, new NameMapping(Map.of(srcDb, dstDb), Map.of(), Map.of()));
    }

    static TaskSpec task(DbServer source, String srcDb, DbServer dest, String dstDb, NameMapping mapping) {
        return new TaskSpec("verify-test", endpoint(source), endpoint(dest), Set.of(MigrationType.FULL),
                List.of(new ObjectSelection(srcDb, null, null, null)), mapping, null, null);
    }
}
