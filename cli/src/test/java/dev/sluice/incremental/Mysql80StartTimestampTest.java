package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** start_timestamp on MySQL 8.0 with GTIDs (commit times in microseconds). */
class Mysql80StartTimestampTest extends AbstractStartTimestampTest {
    Mysql80StartTimestampTest() {
        super(Flavor.MYSQL_80, true);
    }
}
