package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

/** MariaDB logs no column names by default (binlog_row_metadata=NO_LOG). */
class MariaDbHandOffSchemaHistoryTest extends AbstractHandOffSchemaHistoryTest {
    MariaDbHandOffSchemaHistoryTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011);
    }
}
