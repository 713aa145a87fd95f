package dev.sluice.fidelity;

import dev.sluice.testing.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** Row filters on MySQL 8.0.31 ({@link AbstractRowFilterTest}). */
class RowFilterTest extends AbstractRowFilterTest {
    @BeforeAll
    static void start() {
        servers(Flavor.MYSQL_80);
    }

    @Override
    String collation() {
        return "utf8mb4_0900_ai_ci";
    }

    @Override
    boolean padSpace() {
        return false;
    }
}
