package dev.sluice.verification;

import dev.sluice.testing.Flavor;

/** Verification and repair from MARIADB_1011 to MARIADB_1011. */
class VerifierMariaDbToMariaDbTest extends AbstractVerifierTest {
    VerifierMariaDbToMariaDbTest() {
        super(Flavor.MARIADB_1011, Flavor.MARIADB_1011);
    }
}
