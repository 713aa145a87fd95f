package dev.sluice.incremental;

import dev.sluice.testing.Flavor;

class Mysql57To80HandOffSchemaHistoryTest extends AbstractHandOffSchemaHistoryTest {
    Mysql57To80HandOffSchemaHistoryTest() {
        super(Flavor.MYSQL_57, Flavor.MYSQL_80);
    }
}
