package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.Flavor;
import java.util.List;

/** Schema migration MySQL 5.7 to MySQL 8.0, the upgrade path: utf8, display widths, sql_mode, collations. */
class Mysql57ToMysql80SchemaTest extends AbstractSchemaMigrationTest {
    Mysql57ToMysql80SchemaTest() {
        super(Flavor.MYSQL_57, Flavor.MYSQL_80);
    }

    @Override
    void checkSakilaReport(SchemaReport report) {
        String db = report.database();
        assertTrue(has(report, "table " + db + ".actor", "utf8", "utf8mb3"), report.changes().toString());
        assertTrue(has(report, "table " + db + ".actor", "actor_id smallint(5)", "no display widths"), report.changes().toString());
        assertTrue(report.changes().stream().anyMatch(c -> c.object().equals("procedure " + db + ".film_in_stock")
                && c.before().contains("NO_AUTO_CREATE_USER") && !c.after().contains("NO_AUTO_CREATE_USER")),
                report.changes().toString());
    }

    @Override
    void checkTortureReport(SchemaReport report) {
        super.checkTortureReport(report);
        String db = report.database();
        // 5.7 leaves utf8mb4's collation implicit (utf8mb4_general_ci); 8.0's default differs, so it is written out
        assertTrue(report.changes().stream().anyMatch(c -> c.object().equals("table " + db + ".keyless")
                && c.after().equals("COLLATE=utf8mb4_general_ci")), report.changes().toString());
        assertTrue(report.changes().stream().anyMatch(c -> c.object().equals("table " + db + ".torture")
                && c.before().contains("c_int int(11)") && !c.before().contains("c_bool")
                && !c.before().contains("c_smallint")), report.changes().toString());
    }

    private static boolean has(SchemaReport r, String object, String before, String after) {
        return r.changes().stream().anyMatch(c -> c.object().equals(object) && c.before().equalsIgnoreCase(before)
                && c.after().equalsIgnoreCase(after));
    }

    @Override
    List<String> tortureDdl() {
        return TortureDdl.forFlavor(false, false);
    }
}
