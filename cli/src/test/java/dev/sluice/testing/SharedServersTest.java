package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A shared server is started once per JVM and flavor, and brought back if a test stopped it. */
class SharedServersTest {
    @Test
    void returnsTheSameRunningServerAndRestartsAStoppedOne() {
        DbServer first = SharedServers.get(Flavor.MYSQL_57);
        assertSame(first, SharedServers.get(Flavor.MYSQL_57));
        assertTrue(first.isRunning());
        String db = first.createDatabase("shared");
        first.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        first.stop();
        DbServer again = SharedServers.get(Flavor.MYSQL_57);
        assertSame(first, again);
        assertTrue(again.isRunning());
        assertEquals(1, again.queryLong("SELECT COUNT(*) FROM `" + db + "`.t"));
    }
}
