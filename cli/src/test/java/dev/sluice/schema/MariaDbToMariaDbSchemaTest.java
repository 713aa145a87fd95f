package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Flavor;
import java.util.List;

/** Schema migration MariaDB 10.11 to MariaDB 10.11. */
class MariaDbToMariaDbSchemaTest extends AbstractSchemaMigrationTest {
    MariaDbToMariaDbSchemaTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011);
    }

    @Override
    void checkSakilaReport(SchemaReport report) {
        assertTrue(report.changes().isEmpty(), "same version needs no conversion: " + report.changes());
    }

    @Override
    List<String> tortureDdl() {
        return TortureDdl.forFlavor(false, true);
    }
}
