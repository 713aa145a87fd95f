package dev.sluice.fidelity;

import dev.sluice.testing.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** Row filters on MySQL 5.7.22 ({@link AbstractRowFilterTest}). */
class RowFilterMysql57Test extends AbstractRowFilterTest {
    @BeforeAll
    static void start() {
        servers(Flavor.MYSQL_57);
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
