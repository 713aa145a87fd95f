package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Harness smoke test against {@link Flavor#MYSQL_80}. */
class Mysql80ServerTest extends AbstractServerSmokeTest {
    Mysql80ServerTest() {
        super(Flavor.MYSQL_80);
    }

    @Test
    void lowerCaseTableNamesGetsItsOwnInitializedTemplate() {
        try (DbServer server = servers.start(Flavor.MYSQL_80, ServerOptions.of("lower_case_table_names", "1"))) {
            assertEquals("1", server.variable("lower_case_table_names"));
            String db = server.createDatabase("lctn");
            server.executeIn(db, "CREATE TABLE MixedCase (id INT PRIMARY KEY)");
            assertEquals("mixedcase", server.queryValue(
                    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", db));
        }
    }
}
