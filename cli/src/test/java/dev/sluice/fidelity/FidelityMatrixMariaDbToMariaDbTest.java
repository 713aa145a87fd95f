package dev.sluice.fidelity;

import dev.sluice.testing.Flavor;

/** The fidelity matrix, MariaDB 10.11 → MariaDB 10.11. */
class FidelityMatrixMariaDbToMariaDbTest extends AbstractFidelityMatrixTest {
    FidelityMatrixMariaDbToMariaDbTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011);
    }
}
