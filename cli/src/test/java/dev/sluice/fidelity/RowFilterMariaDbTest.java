package dev.sluice.fidelity;

import dev.sluice.testing.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** Row filters on MariaDB 10.11 ({@link AbstractRowFilterTest}). */
class RowFilterMariaDbTest extends AbstractRowFilterTest {
    @BeforeAll
    static void start() {
        servers(Flavor.MARIADB_1011);
    }

    @Override
    String collation() {
        return "utf8mb4_general_ci";
    }

    @Override
    boolean padSpace() {
        return true;
    }
}
