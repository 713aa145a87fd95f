package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orphan reaper kills servers whose owner JVM died and keeps those of live owners. */
class ServerRegistryTest {
    @TempDir
    Path root;

    @Test
    void killsServerOfDeadOwnerAndDeletesItsDirectoryButKeepsLiveOwners() throws Exception {
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor(10, TimeUnit.SECONDS);

        Path orphanDir = Files.createDirectory(root.resolve("mysql-8.0.31-orphan"));
        // stands in for mysqld: a process whose command line names its server directory, as mysqld's does
        Process orphanServer = new ProcessBuilder("bash", "-c", "while :; do sleep 1; done", orphanDir.toString()).start();
        Files.writeString(orphanDir.resolve(ServerRegistry.OWNER_FILE),
                "ownerPid=" + deadOwner.pid() + "\nserverPid=" + orphanServer.pid() + "\n");

        Path liveDir = Files.createDirectory(root.resolve("mysql-8.0.31-live"));
        Process liveServer = new ProcessBuilder("bash", "-c", "while :; do sleep 1; done", liveDir.toString()).start();
        Files.writeString(liveDir.resolve(ServerRegistry.OWNER_FILE),
                "ownerPid=" + ProcessHandle.current().pid() + "\nserverPid=" + liveServer.pid() + "\n");
        try {
            ServerRegistry.reapOrphans(root);

            assertTrue(orphanServer.waitFor(10, TimeUnit.SECONDS), "orphan server was not killed");
            assertFalse(Files.exists(orphanDir), "orphan directory was not deleted");
            assertTrue(liveServer.isAlive(), "server of a live owner was killed");
            assertTrue(Files.exists(liveDir), "directory of a live owner was deleted");
        } finally {
            orphanServer.destroyForcibly();
            liveServer.destroyForcibly();
            orphanServer.waitFor(10, TimeUnit.SECONDS);
            liveServer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void doesNotKillAnUnrelatedProcessThatReusedTheServerPid() throws Exception {
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor(10, TimeUnit.SECONDS);
        Path orphanDir = Files.createDirectory(root.resolve("mysql-5.7.22-orphan"));
        Process unrelated = new ProcessBuilder("sleep", "120").start();
        Files.writeString(orphanDir.resolve(ServerRegistry.OWNER_FILE),
                "ownerPid=" + deadOwner.pid() + "\nserverPid=" + unrelated.pid() + "\n");
        try {
            ServerRegistry.reapOrphans(root);
            assertTrue(unrelated.isAlive(), "a process not running in the orphan directory was killed");
            assertFalse(Files.exists(orphanDir), "orphan directory was not deleted");
        } finally {
            unrelated.destroyForcibly();
        }
    }
}
