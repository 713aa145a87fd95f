package dev.sluice.precheck;

import static dev.sluice.precheck.Fixtures.ALL_TYPES;
import static dev.sluice.precheck.Fixtures.assertFix;
import static dev.sluice.precheck.Fixtures.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbUser;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Privilege checks with limited accounts, excessive accounts, and connectivity failure stopping the precheck. */
class PrivilegeChecksTest {
    private static final String PASSWORD = "Pv-distinctive-9931";

    @Test
    void sourceAccountWithSelectOnlyFailsWithTheGrantsToRun() {
        DbServer s = SharedServers.get(Flavor.MYSQL_80);
        String db = s.createDatabase("prv");
        s.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)",
                "CREATE PROCEDURE p() SELECT 1");
        DbUser u = s.createUser(TestNames.unique("sel"), PASSWORD, "SELECT ON `" + db + "`.*");
        TaskSpec spec = Fixtures.task(Fixtures.user(s, u), Fixtures.root(s), ALL_TYPES, db, Map.of(db, db + "_d"));
        PrecheckReport r = new Precheck().run(spec);
        CheckResult c = only(r, "source.privileges", Status.FAIL, u.name() + "@% lacks SHOW VIEW, TRIGGER, EVENT, LOCK TABLES on `"
                + db + "`.*");
        assertTrue(c.found().contains("SHOW_ROUTINE, REPLICATION SLAVE, REPLICATION CLIENT on *.*"), c.found());
        assertFix(c, "GRANT SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON `" + db + "`.* TO '" + u.name() + "'@'%';");
        assertFix(c, "GRANT SHOW_ROUTINE, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + u.name() + "'@'%';");
        assertFalse(r.toJson().contains(PASSWORD), "password in the report");
    }

    @Test
    void mariaDbReplicationClientIsBinlogMonitor() {
        DbServer s = SharedServers.get(Flavor.MARIADB_1011);
        String db = s.createDatabase("prm");
        s.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)");
        DbUser ok = s.createUser(TestNames.unique("mok"), PASSWORD, "SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON `"
                + db + "`.*", "REPLICATION SLAVE, REPLICATION CLIENT ON *.*", "SELECT ON `mysql`.`proc`");
        PrecheckReport r = new Precheck().run(Fixtures.task(Fixtures.user(s, ok), Fixtures.root(s), ALL_TYPES, db,
                Map.of(db, db + "_d")));
        only(r, "source.privileges", Status.PASS, null);
        DbUser none = s.createUser(TestNames.unique("mno"), PASSWORD, "SELECT ON `" + db + "`.*");
        PrecheckReport r2 = new Precheck().run(Fixtures.task(Fixtures.user(s, none), Fixtures.root(s), ALL_TYPES, db,
                Map.of(db, db + "_d")));
        assertFix(only(r2, "source.privileges", Status.FAIL, "REPLICATION SLAVE, REPLICATION CLIENT on *.*"),
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + none.name() + "'@'%';");
    }

    @Test
    void accountsWithAllPrivilegesWarn() {
        DbServer s = SharedServers.get(Flavor.MYSQL_57);
        String db = s.createDatabase("exc");
        s.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)");
        DbUser admin = s.createUser(TestNames.unique("adm"), PASSWORD, "ALL PRIVILEGES ON *.*");
        PrecheckReport r = new Precheck().run(Fixtures.task(Fixtures.user(s, admin), Fixtures.root(s), ALL_TYPES, db,
                Map.of(db, db + "_d")));
        CheckResult c = only(r, "privileges.excessive", Status.WARN, "source " + admin.name() + "@% holds ALL "
                + "PRIVILEGES on *.*");
        assertTrue(c.found().contains("SUPER, FILE, SHUTDOWN"), c.found());
        assertFix(c, "REVOKE SUPER, FILE, SHUTDOWN, CREATE USER, PROCESS ON *.* FROM '" + admin.name()
                + "'@'%';");
        Fixtures.assertNoFail(r);
    }

    @Test
    void unreachableDestinationStopsThePrecheckAtConnectivity() throws Exception {
        DbServer s = SharedServers.get(Flavor.MYSQL_80);
        int port;
        try (ServerSocket sock = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = sock.getLocalPort();
        }
        EndpointSpec closed = new EndpointSpec("127.0.0.1", port, "root", Fixtures.root(s).password(),
                TlsMode.DISABLED, 3);
        PrecheckReport r = new Precheck().run(Fixtures.task(Fixtures.root(s), closed, ALL_TYPES, "mysql", Map.of()));
        assertFalse(r.passed());
        assertTrue(r.results().stream().allMatch(c -> c.id().equals("connectivity")), r.toTable());
        CheckResult c = only(r, "connectivity", Status.FAIL, "destination tcp failed");
        assertEquals("destination 127.0.0.1:" + port + ": connection refused — is mysqld running and listening on "
                + "this port (bind_address, port)? check destination.host/port in the task file", c.fix());
        assertTrue(r.summary().startsWith("precheck failed: 1 failed"), r.summary());
    }
}
