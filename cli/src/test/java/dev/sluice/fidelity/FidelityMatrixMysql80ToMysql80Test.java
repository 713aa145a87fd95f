package dev.sluice.fidelity;

import dev.sluice.testing.Flavor;

/** The fidelity matrix, MySQL 8.0 → MySQL 8.0. */
class FidelityMatrixMysql80ToMysql80Test extends AbstractFidelityMatrixTest {
    FidelityMatrixMysql80ToMysql80Test() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80);
    }
}
