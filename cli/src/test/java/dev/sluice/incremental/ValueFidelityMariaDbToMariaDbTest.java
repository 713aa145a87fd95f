package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** Value fidelity of binlog replication, MariaDB → MariaDB. */
class ValueFidelityMariaDbToMariaDbTest extends AbstractValueFidelityTest {
    ValueFidelityMariaDbToMariaDbTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011, true);
    }
}
