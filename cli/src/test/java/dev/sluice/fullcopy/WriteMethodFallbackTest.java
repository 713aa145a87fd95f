package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A destination with local_infile OFF gets multi-row INSERTs instead of a failing LOAD DATA LOCAL. */
class WriteMethodFallbackTest {
    @RegisterExtension
    static final DbServerExtension SERVERS = DbServerExtension.create();

    @Test
    void loadDataOnlyWhereTheDestinationAllowsLocalInfile() throws Exception {
        DbServer off = SERVERS.start(Flavor.MYSQL_80, ServerOptions.of("local_infile", "0"));
        try (Connection c = off.connect()) {
            assertEquals(WriteMethod.MULTI_ROW_INSERT, FullCopyWorker.usable(WriteMethod.LOAD_DATA, c));
            assertEquals(WriteMethod.PREPARED_BATCH, FullCopyWorker.usable(WriteMethod.PREPARED_BATCH, c));
            off.execute("SET GLOBAL local_infile = 1");
            assertEquals(WriteMethod.LOAD_DATA, FullCopyWorker.usable(WriteMethod.LOAD_DATA, c));
        }
    }
}
