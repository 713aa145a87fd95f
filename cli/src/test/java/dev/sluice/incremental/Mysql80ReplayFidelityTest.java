package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

class Mysql80ReplayFidelityTest extends AbstractReplayFidelityTest {
    Mysql80ReplayFidelityTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80);
    }
}
