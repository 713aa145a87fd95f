package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** MySQL 8.0 → 8.0 with GTIDs, full row metadata, and database and table renames. */
class Mysql80ToMysql80ReplicationTest extends AbstractReplicationTest {
    Mysql80ToMysql80ReplicationTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, true, true);
    }
}
