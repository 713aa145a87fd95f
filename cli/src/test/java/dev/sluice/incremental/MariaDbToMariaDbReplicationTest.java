package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** MariaDB → MariaDB with MariaDB GTIDs, rows decoded with the schema history. */
class MariaDbToMariaDbReplicationTest extends AbstractReplicationTest {
    MariaDbToMariaDbReplicationTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011, true, false);
    }
}
