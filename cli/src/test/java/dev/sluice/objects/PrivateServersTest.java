package dev.sluice.objects;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests of a running task's objects: a private MySQL 8.0 source and destination per test class. */
abstract class PrivateServersTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();
    static DbServer source;
    static DbServer destination;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        source = servers.start(Flavor.MYSQL_80);
        destination = servers.start(Flavor.MYSQL_80);
    }
}
