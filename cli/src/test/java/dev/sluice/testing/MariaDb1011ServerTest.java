package dev.sluice.testing;

/** Harness smoke test against {@link Flavor#MARIADB_1011}. */
class MariaDb1011ServerTest extends AbstractServerSmokeTest {
    MariaDb1011ServerTest() {
        super(Flavor.MARIADB_1011);
    }
}
