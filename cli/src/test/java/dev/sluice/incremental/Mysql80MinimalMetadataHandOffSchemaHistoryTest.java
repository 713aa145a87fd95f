package dev.sluice.incremental;

import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;

/** MySQL 8.0 with binlog_row_metadata=MINIMAL: rows carry no column names, the schema history decodes them. */
class Mysql80MinimalMetadataHandOffSchemaHistoryTest extends AbstractHandOffSchemaHistoryTest {
    Mysql80MinimalMetadataHandOffSchemaHistoryTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80);
    }

    @Override
    ServerOptions sourceOptions() {
        return ServerOptions.of("binlog_row_metadata", "MINIMAL");
    }
}
