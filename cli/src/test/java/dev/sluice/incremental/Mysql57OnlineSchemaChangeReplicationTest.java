package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/**
 * The online schema change tests from a MySQL 5.7 source (no column names in row events: the schema history
 * follows the swapped-in table) to MySQL 8.0.
 */
class Mysql57OnlineSchemaChangeReplicationTest extends AbstractOnlineSchemaChangeTest {
    Mysql57OnlineSchemaChangeReplicationTest() {
        super(Flavor.MYSQL_57);
    }
}
