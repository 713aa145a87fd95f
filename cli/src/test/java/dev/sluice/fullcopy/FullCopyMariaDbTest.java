package dev.sluice.fullcopy;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import org.junit.jupiter.api.Test;

/** Full copy MariaDB 10.11 → MariaDB 10.11 (two databases of one server, mapped): Sakila and edge-case tables. */
class FullCopyMariaDbTest {
    @Test
    void copiesSakilaAndEdgeTablesExactly() throws Exception {
        DbServer server = SharedServers.get(Flavor.MARIADB_1011);
        new FullCopyScenario(server, server).copyAndVerify(true);
    }
}
