package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** Value fidelity of binlog replication, MySQL 8.0 → 8.0 with GTIDs. */
class ValueFidelity80To80Test extends AbstractValueFidelityTest {
    ValueFidelity80To80Test() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, true);
    }
}
