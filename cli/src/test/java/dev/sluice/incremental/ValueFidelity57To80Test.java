package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** Value fidelity of binlog replication, MySQL 5.7 → 8.0 by file and position. */
class ValueFidelity57To80Test extends AbstractValueFidelityTest {
    ValueFidelity57To80Test() {
        super(Flavor.MYSQL_57, Flavor.MYSQL_80, false);
    }
}
