package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Flavor;
import java.util.List;

/** Schema migration MySQL 8.0 to MySQL 5.7 (a downgrade): 8.0-only collations and names mapped back. */
class Mysql80ToMysql57SchemaTest extends AbstractSchemaMigrationTest {
    Mysql80ToMysql57SchemaTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_57);
    }

    @Override
    void checkSakilaReport(SchemaReport report) {
        String db = report.database();
        // the 8.0 database's default collation utf8mb4_0900_ai_ci does not exist on 5.7
        assertTrue(report.changes().stream().anyMatch(c -> c.object().equals("database " + db)
                && c.before().equals("utf8mb4_0900_ai_ci") && c.after().equals("utf8mb4_unicode_520_ci")),
                report.changes().toString());
        assertTrue(report.changes().stream().anyMatch(c -> c.object().equals("table " + db + ".film foreign key fk_film_language")
                && c.why().contains("5.7 records RESTRICT as NO ACTION")), report.changes().toString());
    }

    @Override
    void checkTortureReport(SchemaReport report) {
        super.checkTortureReport(report);
        assertTrue(report.changes().stream().anyMatch(c -> c.object().equals("table " + report.database() + ".torture")
                && c.before().equals("utf8mb4_0900_ai_ci") && c.after().equals("utf8mb4_unicode_520_ci")),
                report.changes().toString());
    }

    @Override
    java.util.Set<String> normalizeForeignKeys(java.util.Set<String> rows) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        rows.forEach(r -> out.add(r.replace(", RESTRICT,", ", NO ACTION,")));
        return out;
    }

    @Override
    String normalizeCrossVersion(String line) {
        return line.replace("utf8mb4_0900_ai_ci", "utf8mb4_unicode_520_ci");
    }

    @Override
    List<String> tortureDdl() {
        return TortureDdl.forFlavor(false, false);
    }
}
