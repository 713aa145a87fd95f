package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** start_timestamp on MariaDB 10.11 with MariaDB GTIDs (whole-second times). */
class MariaDbStartTimestampTest extends AbstractStartTimestampTest {
    MariaDbStartTimestampTest() {
        super(Flavor.MARIADB_1011, true);
    }
}
