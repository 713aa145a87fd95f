package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checks one flavor end to end: start, settings, users, Sakila, restart after a crash, stop leaves nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractServerSmokeTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    private final Flavor flavor;
    private DbServer server;

    AbstractServerSmokeTest(Flavor flavor) {
        this.flavor = flavor;
    }

    @BeforeAll
    void startServer() {
        server = servers.start(flavor);
    }

    @Test
    void versionAndFlavorAreAsExpected() {
        assertEquals(flavor, server.flavor());
        assertTrue(server.version().startsWith(flavor.versionPrefix()), server.version());
        assertEquals(flavor.isMariaDb(), server.version().contains("MariaDB"), server.version());
        assertEquals(server.version(), server.queryValue("SELECT VERSION()"));
    }

    @Test
    void binlogIsRowBasedWithFullImagesAndGtids() {
        assertEquals("ON", server.variable("log_bin"));
        assertEquals("ROW", server.variable("binlog_format"));
        assertEquals("FULL", server.variable("binlog_row_image"));
        assertEquals("ON", server.variable("log_slave_updates"));
        assertEquals(Integer.toString(server.serverId()), server.variable("server_id"));
        assertEquals("ON", server.variable("local_infile"));
        assertEquals("200", server.variable("max_connections"));
        assertEquals("127.0.0.1", server.variable("bind_address"));
        if (flavor.isMySql()) {
            assertEquals("ON", server.variable("gtid_mode"));
            assertEquals("ON", server.variable("enforce_gtid_consistency"));
        }
        if (flavor.isMySql8()) {
            assertEquals("FULL", server.variable("binlog_row_metadata"));
        }
        // a write produces a GTID
        String db = server.createDatabase("gtid");
        server.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        String executed = flavor.isMariaDb() ? server.variable("gtid_binlog_pos") : server.variable("gtid_executed");
        assertFalse(executed == null || executed.isBlank(), "no GTID after a write: " + executed);
    }

    @Test
    void serverUuidIsNotTheTemplatesOne() throws Exception {
        if (flavor.isMySql()) {
            String uuid = server.variable("server_uuid");
            assertTrue(Files.readString(server.dataDir().resolve("auto.cnf")).contains(uuid));
            try (DbServer other = DbServer.start(flavor, ServerOptions.defaults())) {
                assertNotEquals(uuid, other.variable("server_uuid"));
                assertNotEquals(server.serverId(), other.serverId());
            }
        }
    }

    @Test
    void limitedUserCanLogInAndIsLimited() throws SQLException {
        String db = server.createDatabase("grants");
        server.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (7)");
        DbUser user = server.createUser(TestNames.unique("u"), "S3cret-pw!", "SELECT ON `" + db + "`.*");
        try (Connection c = server.connect(db, user.name(), user.password()); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT id FROM t")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
            }
            SQLException denied = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO t VALUES (8)"));
            assertTrue(denied.getMessage().contains("denied"), denied.getMessage());
        }
        assertThrows(SQLException.class, () -> server.connect(db, user.name(), "wrong").close());
    }

    @Test
    void perServerOptionsOverrideAndRemoveDefaultsAndRestartCanChangeThem() {
        ServerOptions options = ServerOptions.of("binlog_format", "STATEMENT", "read_only", "1");
        if (flavor.isMySql8()) {
            options = options.with("binlog_row_metadata", "MINIMAL");
        }
        if (flavor.isMySql()) {
            options = options.with(ServerOptions.without("gtid_mode", "enforce_gtid_consistency"));
        }
        try (DbServer other = servers.start(flavor, options)) {
            assertEquals("STATEMENT", other.variable("binlog_format"));
            assertEquals("ON", other.variable("read_only"));
            if (flavor.isMySql8()) {
                assertEquals("MINIMAL", other.variable("binlog_row_metadata"));
            }
            if (flavor.isMySql()) {
                assertEquals("OFF", other.variable("gtid_mode"));
            }
            int port = other.port();
            other.restart(ServerOptions.defaults());
            assertEquals(port, other.port());
            assertEquals("ROW", other.variable("binlog_format"));
            assertEquals("OFF", other.variable("read_only"));
            if (flavor.isMySql()) {
                assertEquals("ON", other.variable("gtid_mode"));
            }
        }
    }

    @Test
    void sakilaLoadsWithViewsAndRoutines() {
        String db = Sakila.loadUnique(server);
        assertEquals(Sakila.FILM_ROWS, server.queryLong("SELECT COUNT(*) FROM `" + db + "`.film"));
        assertEquals(Sakila.RENTAL_ROWS, server.queryLong("SELECT COUNT(*) FROM `" + db + "`.rental"));
        assertTrue(server.queryLong("SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?", db) >= 7);
        assertTrue(server.queryLong("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", db) >= 6);
        assertTrue(server.queryLong("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", db) >= 6);
        // views reference the new name, not "sakila"
        assertEquals(Sakila.ACTOR_ROWS, server.queryLong("SELECT COUNT(*) FROM `" + db + "`.actor_info"));
        assertEquals(0, server.queryLong("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'sakila'"));
    }

    @Test
    void killRestartAndStopLeaveNoProcess() {
        try (DbServer crashy = servers.start(flavor)) {
            String db = crashy.createDatabase("crash");
            crashy.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO t VALUES (1), (2)");
            int port = crashy.port();
            long pid = crashy.pid();
            crashy.kill();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "killed server still alive");
            crashy.restart();
            assertEquals(port, crashy.port());
            assertEquals(2, crashy.queryLong("SELECT COUNT(*) FROM `" + db + "`.t"));
            long pid2 = crashy.pid();
            crashy.stop();
            assertFalse(crashy.isRunning());
            assertFalse(ProcessHandle.of(pid2).map(ProcessHandle::isAlive).orElse(false), "stopped server still alive");
            assertThrows(IllegalStateException.class, () -> crashy.queryValue("SELECT 1"));
        }
    }
}
