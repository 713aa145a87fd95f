package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** MySQL 5.7 → 8.0 by binlog file and position, rows decoded with the schema history. */
class Mysql57ToMysql80ReplicationTest extends AbstractReplicationTest {
    Mysql57ToMysql80ReplicationTest() {
        super(Flavor.MYSQL_57, Flavor.MYSQL_80, false, false);
    }
}
