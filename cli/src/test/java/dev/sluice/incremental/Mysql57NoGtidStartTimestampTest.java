package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** start_timestamp on MySQL 5.7 with gtid_mode=OFF: a file/position start at the anonymous GTID event. */
class Mysql57NoGtidStartTimestampTest extends AbstractStartTimestampTest {
    Mysql57NoGtidStartTimestampTest() {
        super(Flavor.MYSQL_57, false);
    }
}
