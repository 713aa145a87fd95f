package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/**
 * Issue 18, online schema change tools on the source, MySQL 8.0 to 8.0 (column names in row events). Before, the
 * replicator replayed a tool's run as-is: pt-online-schema-change's shadow table was created and filled row by row
 * on the destination (the table copied a second time), and gh-ost's cut-over of a task that selects only the table
 * lost it on the destination (RENAME orders TO _orders_del was applied, the shadow's half was not), so the next
 * row failed. The tests are in {@link AbstractOnlineSchemaChangeTest}.
 */
class OnlineSchemaChangeReplicationTest extends AbstractOnlineSchemaChangeTest {
    OnlineSchemaChangeReplicationTest() {
        super(Flavor.MYSQL_80);
    }
}
