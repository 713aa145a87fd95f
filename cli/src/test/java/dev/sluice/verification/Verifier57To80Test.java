package dev.sluice.verification;

import dev.sluice.testing.Flavor;

/** Verification and repair from MYSQL_57 to MYSQL_80. */
class Verifier57To80Test extends AbstractVerifierTest {
    Verifier57To80Test() {
        super(Flavor.MYSQL_57, Flavor.MYSQL_80);
    }
}
