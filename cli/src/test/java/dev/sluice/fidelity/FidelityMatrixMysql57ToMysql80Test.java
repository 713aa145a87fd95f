package dev.sluice.fidelity;

import dev.sluice.testing.Flavor;

/** The fidelity matrix, MySQL 5.7 → MySQL 8.0. */
class FidelityMatrixMysql57ToMysql80Test extends AbstractFidelityMatrixTest {
    FidelityMatrixMysql57ToMysql80Test() {
        super(Flavor.MYSQL_57, Flavor.MYSQL_80);
    }
}
