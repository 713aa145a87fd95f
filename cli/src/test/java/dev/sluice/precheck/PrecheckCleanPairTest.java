package dev.sluice.precheck;

import static dev.sluice.precheck.Fixtures.ALL_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbUser;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A well-prepared source and destination pass the precheck (no FAIL) on MySQL 8.0, 5.7 -> 8.0 and MariaDB. */
class PrecheckCleanPairTest {

    /** A source database with ordinary InnoDB tables and an account with exactly the privileges the task needs. */
    private static String cleanSource(DbServer s) {
        String db = s.createDatabase("clean");
        s.executeIn(db,
                "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2), "
                        + "created DATETIME, KEY (customer_id), FOREIGN KEY (customer_id) REFERENCES customers (id)) "
                        + "ENGINE=InnoDB",
                "INSERT INTO customers VALUES (1, 'a'), (2, 'b')",
                "INSERT INTO orders VALUES (1, 1, 9.50, NOW())");
        return db;
    }

    private static DbUser sourceUser(DbServer s, String db) {
        return s.createUser(TestNames.unique("src"), "Src-pw-1234",
                "SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON `" + db + "`.*", "REPLICATION SLAVE, REPLICATION CLIENT ON *.*",
                s.flavor().isMySql8() ? "SHOW_ROUTINE ON *.*" : "SELECT ON `mysql`.`proc`");
    }

    private static DbUser destinationUser(DbServer s, String db) {
        // copy sessions SET sql_log_bin = 0 (full_copy.destination_binlog defaults to false)
        String binlogOff = s.flavor().isMariaDb() ? "BINLOG ADMIN" : s.flavor().isMySql8() ? "SESSION_VARIABLES_ADMIN"
                : "SUPER";
        return s.createUser(TestNames.unique("dst"), "Dst-pw-1234", "ALL PRIVILEGES ON `" + db + "`.*",
                binlogOff + " ON *.*");
    }

    /** The privilege the precheck asks for really lets the account turn its binlog off, as the copy does. */
    private static void assertCanTurnBinlogOff(DbServer s, DbUser u) {
        try (java.sql.Connection c = s.connect("", u.name(), u.password());
             java.sql.Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(u.name() + " cannot SET sql_log_bin = 0 on " + s.flavor() + ": " + e.getMessage(), e);
        }
    }

    private static void assertClean(PrecheckReport r) {
        Fixtures.assertNoFail(r);
        // every item ran: connectivity, binlog, privileges, destination and object checks
        assertTrue(r.byId("connectivity").stream().allMatch(c -> c.status() != Status.FAIL), r.toTable());
        for (String id : new String[] {"source.binlog.format", "source.binlog.row_image",
                "source.binlog.retention", "source.privileges", "destination.privileges", "destination.read_only",
                "destination.existing_tables", "destination.charsets", "objects.primary_key", "objects.engine",
                "objects.missing", "objects.mapping"}) {
            assertEquals(Status.PASS, r.byId(id).get(0).status(), id + "\n" + r.toTable());
        }
        String table = r.toTable();
        assertTrue(table.startsWith("STATUS  CHECK"), table);
        assertTrue(table.contains("\nPASS    source.binlog.format"), table);
        assertTrue(r.summary().startsWith("precheck passed: 0 failed"), r.summary());
    }

    @Test
    void mysql80ToMysql80() {
        DbServer s = SharedServers.get(Flavor.MYSQL_80);
        String db = cleanSource(s);
        String target = db + "_copy";
        DbUser du = destinationUser(s, target);
        TaskSpec spec = Fixtures.task(Fixtures.user(s, sourceUser(s, db)), Fixtures.user(s, du), ALL_TYPES, db,
                Map.of(db, target));
        PrecheckReport r = new Precheck().run(spec);
        assertClean(r);
        assertCanTurnBinlogOff(s, du);
        assertTrue(r.byId("destination.version").get(0).found().contains("MySQL 8.0.31 -> MySQL 8.0.31 (same version)"),
                r.toTable());
    }

    @Test
    void mysql57ToMysql80() {
        DbServer src = SharedServers.get(Flavor.MYSQL_57);
        DbServer dst = SharedServers.get(Flavor.MYSQL_80);
        String db = cleanSource(src);
        DbUser du = destinationUser(dst, db);
        TaskSpec spec = Fixtures.task(Fixtures.user(src, sourceUser(src, db)), Fixtures.user(dst, du), ALL_TYPES, db,
                Map.of());
        PrecheckReport r = new Precheck().run(spec);
        assertClean(r);
        assertCanTurnBinlogOff(dst, du);
        assertTrue(r.byId("destination.version").get(0).found().contains("(upgrade)"), r.toTable());
    }

    @Test
    void mariaDbToMariaDb() {
        DbServer s = SharedServers.get(Flavor.MARIADB_1011);
        String db = cleanSource(s);
        String target = db + "_copy";
        DbUser du = destinationUser(s, target);
        TaskSpec spec = Fixtures.task(Fixtures.user(s, sourceUser(s, db)), Fixtures.user(s, du), ALL_TYPES, db,
                Map.of(db, target));
        PrecheckReport r = new Precheck().run(spec);
        assertClean(r);
        assertCanTurnBinlogOff(s, du);
        assertTrue(r.byId("source.gtid").get(0).found().startsWith("MariaDB GTIDs"), r.toTable());
    }
}
