package dev.sluice.verification;

import dev.sluice.testing.Flavor;

/** Verification and repair from MYSQL_80 to MYSQL_80. */
class Verifier80To80Test extends AbstractVerifierTest {
    Verifier80To80Test() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80);
    }
}
