package dev.sluice.precheck;

import static dev.sluice.precheck.Fixtures.ALL_TYPES;
import static dev.sluice.precheck.Fixtures.assertFix;
import static dev.sluice.precheck.Fixtures.only;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Source binlog checks against servers started with the wrong settings: a MySQL 8.0 with STATEMENT format, MINIMAL
 * images and metadata, compression, partial JSON, 1 h retention and no GTIDs; a MariaDB without binlog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceBinlogChecksTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    private DbServer bad;
    private DbServer noBinlog;
    private DbServer purged;
    private String db;

    @BeforeAll
    void start() {
        bad = servers.start(Flavor.MYSQL_80, ServerOptions.of(
                "binlog_format", "STATEMENT", "binlog_row_image", "MINIMAL", "binlog_row_metadata", "MINIMAL",
                "binlog_transaction_compression", "ON", "binlog_row_value_options", "PARTIAL_JSON",
                "binlog_expire_logs_seconds", "3600", "gtid_mode", "OFF", "enforce_gtid_consistency", "OFF"));
        noBinlog = servers.start(Flavor.MARIADB_1011,
                ServerOptions.without("log-bin", "log-slave-updates"));
        purged = servers.start(Flavor.MYSQL_80, ServerOptions.defaults());
        db = bad.createDatabase("bin");
        bad.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
    }

    private PrecheckReport run(DbServer s, String database, TaskOptions options, MigrationType... types) {
        EndpointSpec e = Fixtures.root(s);
        TaskSpec spec = Fixtures.task(e, e, types.length == 0 ? ALL_TYPES : EnumSet.of(types[0], types),
                List.of(new ObjectSelection(database, null, null, null)),
                new NameMapping(Map.of(database, database + "_dst"), Map.of(), Map.of()), options);
        return new Precheck().run(spec);
    }

    @Test
    void wrongBinlogSettingsFailOrWarnWithTheirFix() {
        PrecheckReport r = run(bad, db, null);
        assertFalse(r.passed());
        assertFix(only(r, "source.binlog.format", Status.FAIL, "binlog_format=STATEMENT"),
                "SET GLOBAL binlog_format = 'ROW'");
        assertFix(only(r, "source.binlog.row_image", Status.FAIL, "binlog_row_image=MINIMAL"),
                "SET GLOBAL binlog_row_image = 'FULL'");
        assertFix(only(r, "source.binlog.row_metadata", Status.WARN, "binlog_row_metadata=MINIMAL"),
                "SET PERSIST binlog_row_metadata = 'FULL'");
        assertFix(only(r, "source.binlog.transaction_compression", Status.WARN, "=ON"),
                "SET PERSIST binlog_transaction_compression = OFF");
        assertFix(only(r, "source.binlog.row_value_options", Status.FAIL, "PARTIAL_JSON"),
                "SET PERSIST binlog_row_value_options = ''");
        assertFix(only(r, "source.gtid", Status.WARN, "gtid_mode=OFF"), "SET PERSIST enforce_gtid_consistency = ON");
        assertTrue(r.summary().startsWith("precheck failed: 3 failed"), r.summary());
    }

    @Test
    void retentionBelowGuidanceWarnsAndBelowCopyTimeFails() {
        CheckResult warn = only(run(bad, db, null), "source.binlog.retention", Status.WARN,
                "binlog_expire_logs_seconds=3600 (1.0 h)");
        assertFix(warn, "SET PERSIST binlog_expire_logs_seconds = 604800");
        assertTrue(warn.why().contains("7.0 days DTS recommends for full + incremental"), warn.why());
        CheckResult incOnly = only(run(bad, db, null, MigrationType.INCREMENTAL), "source.binlog.retention",
                Status.WARN, "3600");
        assertFix(incOnly, "SET PERSIST binlog_expire_logs_seconds = 86400");
        bad.execute("SET GLOBAL binlog_expire_logs_seconds = 1800");
        try {
            CheckResult fail = only(run(bad, db, null), "source.binlog.retention", Status.FAIL, "1800");
            assertTrue(fail.why().contains("purged before the incremental phase"), fail.why());
            assertFix(fail, "SET PERSIST binlog_expire_logs_seconds = 604800");
        } finally {
            bad.execute("SET GLOBAL binlog_expire_logs_seconds = 3600");
        }
    }

    @Test
    void purgedStartFileAndOwnServerIdFail() {
        long serverId = Long.parseLong(bad.variable("server_id"));
        TaskOptions options = new TaskOptions(null, null, null, null,
                new IncrementalOptions(null, "binlog.000999", 4L, null, null, null, (int) serverId), null);
        PrecheckReport r = run(bad, db, options, MigrationType.INCREMENTAL);
        assertFix(only(r, "source.binlog.oldest", Status.FAIL, "start_file binlog.000999 is not on the server"),
                "choose a start_file from SHOW BINARY LOGS (oldest binlog.000001)");
        assertFix(only(r, "source.server_id", Status.FAIL, "equals options.incremental.server_id"),
                "set options.incremental.server_id");
    }

    @Test
    void startGtidSetAlreadyPurgedFails() {
        String pdb = purged.createDatabase("pg");
        purged.executeIn(pdb, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
        purged.execute("FLUSH BINARY LOGS", "INSERT INTO `" + pdb + "`.t VALUES (2)", "FLUSH BINARY LOGS");
        String newest = String.valueOf(purged.query("SHOW BINARY LOGS").get(2).get("Log_name"));
        purged.execute("PURGE BINARY LOGS TO '" + newest + "'");
        String uuid = purged.variable("server_uuid");
        TaskOptions options = new TaskOptions(null, null, null, null,
                new IncrementalOptions(uuid + ":1", null, null, null, null, null, null), null);
        PrecheckReport r = run(purged, pdb, options, MigrationType.INCREMENTAL);
        CheckResult c = only(r, "source.binlog.oldest", Status.FAIL, "is not contained in start_gtid_set");
        assertTrue(c.found().startsWith("oldest binlog " + newest + ", 1 files"), c.found());
        assertFix(c, "choose a start_gtid_set that contains @@GLOBAL.gtid_purged");
        // a start set that contains everything purged passes
        String executed = purged.variable("gtid_executed").replace("\n", "");
        PrecheckReport ok = run(purged, pdb, new TaskOptions(null, null, null, null,
                new IncrementalOptions(executed, null, null, null, null, null, null), null), MigrationType.INCREMENTAL);
        only(ok, "source.binlog.oldest", Status.PASS, "oldest binlog " + newest);
    }

    @Test
    void serverIdZeroFails() {
        String before = bad.variable("server_id");
        bad.execute("SET GLOBAL server_id = 0");
        try {
            PrecheckReport r = run(bad, db, null, MigrationType.INCREMENTAL);
            assertFix(only(r, "source.server_id", Status.FAIL, "server_id=0"),
                    "SET PERSIST server_id = <unique non-zero number>");
        } finally {
            bad.execute("SET GLOBAL server_id = " + before);
        }
    }

    @Test
    void binlogOffFails() {
        String mdb = noBinlog.createDatabase("nobin");
        noBinlog.executeIn(mdb, "CREATE TABLE t (id INT PRIMARY KEY)");
        PrecheckReport r = run(noBinlog, mdb, null);
        assertFix(only(r, "source.binlog.enabled", Status.FAIL, "log_bin=OFF"), "log_bin=mysql-bin");
        assertFix(only(r, "source.binlog.oldest", Status.FAIL, null), "enable log_bin");
        // a schema + full task does not need the binlog
        PrecheckReport full = run(noBinlog, mdb, null, MigrationType.SCHEMA, MigrationType.FULL);
        assertTrue(full.byId("source.binlog.enabled").isEmpty(), full.toTable());
        Fixtures.assertNoFail(full);
    }
}
