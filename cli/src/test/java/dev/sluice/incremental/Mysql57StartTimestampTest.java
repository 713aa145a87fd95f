package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** start_timestamp on MySQL 5.7 with GTIDs (whole-second times). */
class Mysql57StartTimestampTest extends AbstractStartTimestampTest {
    Mysql57StartTimestampTest() {
        super(Flavor.MYSQL_57, true);
    }
}
