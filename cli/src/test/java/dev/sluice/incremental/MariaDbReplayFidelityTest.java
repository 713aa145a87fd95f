package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

class MariaDbReplayFidelityTest extends AbstractReplayFidelityTest {
    MariaDbReplayFidelityTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011);
    }
}
