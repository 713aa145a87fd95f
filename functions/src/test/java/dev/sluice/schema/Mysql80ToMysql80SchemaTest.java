package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Flavor;
import java.util.List;

/** Schema migration MySQL 8.0 to MySQL 8.0: nothing needs converting. */
class Mysql80ToMysql80SchemaTest extends AbstractSchemaMigrationTest {
    Mysql80ToMysql80SchemaTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80);
    }

    @Override
    void checkSakilaReport(SchemaReport report) {
        assertTrue(report.changes().isEmpty(), "same version needs no conversion: " + report.changes());
    }

    @Override
    List<String> tortureDdl() {
        return TortureDdl.forFlavor(true, false);
    }
}
