package dev.sluice.fullcopy;

import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import org.junit.jupiter.api.Test;

/** Full copy MySQL 5.7 → MySQL 8.0: Sakila and every edge-case table, rows bit-exact. */
class FullCopyMysql57To80Test {
    @Test
    void copiesSakilaAndEdgeTablesExactly() throws Exception {
        new FullCopyScenario(SharedServers.get(Flavor.MYSQL_57), SharedServers.get(Flavor.MYSQL_80))
                .copyAndVerify(false);
    }
}
