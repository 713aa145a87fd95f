package dev.sluice.testing;

/** Harness smoke test against {@link Flavor#MYSQL_80}. */
class Mysql80ServerTest extends AbstractServerSmokeTest {
    Mysql80ServerTest() {
        super(Flavor.MYSQL_80);
    }
}
