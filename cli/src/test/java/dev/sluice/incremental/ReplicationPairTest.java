package dev.sluice.incremental;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the replication tests: a source and a destination server and an on-disk state table in a temporary
 * directory (for the test's own files too), started once per test class and removed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplicationPairTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    private final Flavor sourceFlavor;
    private final Flavor destinationFlavor;
    private final String tempPrefix;
    DbServer source;
    DbServer destination;
    StateFixture state;
    /** The state fixture's temporary directory (password file, logs); deleted after the class. */
    Path tmp;

    ReplicationPairTest(Flavor sourceFlavor, Flavor destinationFlavor, String tempPrefix) {
        this.sourceFlavor = sourceFlavor;
        this.destinationFlavor = destinationFlavor;
        this.tempPrefix = tempPrefix;
    }

    /** Startup options of the source server beyond the harness defaults (none unless a test class says). */
    dev.sluice.testing.ServerOptions sourceOptions() {
        return null;
    }

    @BeforeAll
    void startServersAndState() throws Exception {
        source = sourceOptions() == null ? servers.start(sourceFlavor) : servers.start(sourceFlavor, sourceOptions());
        destination = servers.start(destinationFlavor);
        state = StateFixture.inTempDir(tempPrefix);
        tmp = state.dir();
    }

    @AfterAll
    void closeState() {
        if (state != null) {
            state.close();
        }
    }
}
