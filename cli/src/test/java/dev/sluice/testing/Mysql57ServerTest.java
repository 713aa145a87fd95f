package dev.sluice.testing;

/** Harness smoke test against {@link Flavor#MYSQL_57}. */
class Mysql57ServerTest extends AbstractServerSmokeTest {
    Mysql57ServerTest() {
        super(Flavor.MYSQL_57);
    }
}
