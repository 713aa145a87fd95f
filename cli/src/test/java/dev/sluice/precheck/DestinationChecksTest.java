package dev.sluice.precheck;

import static dev.sluice.precheck.Fixtures.ALL_TYPES;
import static dev.sluice.precheck.Fixtures.assertFix;
import static dev.sluice.precheck.Fixtures.only;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskOptions.DefinerPolicy;
import dev.sluice.task.TaskOptions.SchemaOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.DbUser;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Destination checks: a MySQL 8.0 source into a MySQL 5.7 destination started read-only, with a 1 MB
 * max_allowed_packet, local_infile off, a non-strict sql_mode, another time zone and lower_case_table_names=1,
 * already holding rows; and into MariaDB (collations, flavor change).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DestinationChecksTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    private DbServer source;
    private DbServer dest;
    private String db;
    private PrecheckReport report;

    @BeforeAll
    void start() {
        source = SharedServers.get(Flavor.MYSQL_80);
        dest = servers.start(Flavor.MYSQL_57, ServerOptions.of("read_only", "1", "max_allowed_packet", "1M",
                "local_infile", "0", "sql_mode", "NO_ENGINE_SUBSTITUTION", "default_time_zone", "+03:00",
                "lower_case_table_names", "1"));
        db = source.createDatabase("dst");
        source.executeIn(db,
                "CREATE TABLE `Orders` (id INT PRIMARY KEY) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci",
                "CREATE TABLE orders (id INT PRIMARY KEY) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_0900_ai_ci",
                "CREATE TABLE filled (id INT PRIMARY KEY, created TIMESTAMP NULL) DEFAULT CHARSET latin1",
                "CREATE TABLE hidden (id INT PRIMARY KEY, secret_note VARCHAR(10) INVISIBLE) DEFAULT CHARSET latin1",
                "CREATE DEFINER = 'ghost'@'%' SQL SECURITY DEFINER VIEW filled_ids AS SELECT id FROM filled");
        dest.execute("CREATE DATABASE `" + db + "`");
        dest.executeIn(db, "CREATE TABLE filled (id INT PRIMARY KEY, created TIMESTAMP NULL) DEFAULT CHARSET latin1",
                "INSERT INTO filled VALUES (1, NULL)");
        report = new Precheck().run(spec(Fixtures.root(dest), null));
    }

    private TaskSpec spec(dev.sluice.task.EndpointSpec destination, TaskOptions options) {
        return Fixtures.task(Fixtures.root(source), destination, ALL_TYPES,
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, options);
    }

    @Test
    void readOnlyDestinationFails() {
        assertFix(only(report, "destination.read_only", Status.FAIL, "read_only=ON"), "SET GLOBAL read_only = OFF;");
    }

    @Test
    void smallerMaxAllowedPacketFails() {
        assertFix(only(report, "destination.max_allowed_packet", Status.FAIL, "destination 1048576 bytes (1 MB)"),
                "SET PERSIST max_allowed_packet = 67108864;");
    }

    @Test
    void localInfileOffWarns() {
        assertFix(only(report, "destination.local_infile", Status.WARN, "local_infile=OFF"),
                "SET GLOBAL local_infile = 1");
    }

    @Test
    void nonStrictSqlModeWarns() {
        CheckResult c = only(report, "destination.sql_mode", Status.WARN, "STRICT_TRANS_TABLES");
        assertTrue(c.why().contains("the destination is not strict"), c.why());
        assertFix(c, "SET PERSIST sql_mode = 'ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,");
    }

    @Test
    void otherTimeZoneWarns() {
        CheckResult c = only(report, "destination.time_zone", Status.WARN, "destination +03:00 UTC+03:00");
        assertTrue(c.found().contains("1 TIMESTAMP/DATETIME column"), c.found());
        assertFix(c, "SET PERSIST time_zone = 'SYSTEM'");
    }

    @Test
    void namesDifferingOnlyInCaseCollideOnCaseInsensitiveDestination() {
        CheckResult c = only(report, "destination.lower_case_table_names", Status.FAIL, "are the same name on the "
                + "destination");
        assertTrue(c.found().contains(".Orders") && c.found().contains(".orders"), c.found());
        assertFix(c, "mapping.tables");
    }

    @Test
    void downgradeWarns() {
        CheckResult c = only(report, "destination.version", Status.WARN, "MySQL 8.0.31 -> MySQL 5.7.22 (downgrade)");
        assertTrue(c.why().contains("utf8mb4_0900_* collations, invisible columns"), c.why());
        assertFix(c, "prefer a destination at least as new as the source");
    }

    @Test
    void collationMissingOnMysql57Fails() {
        CheckResult c = only(report, "destination.charsets", Status.FAIL, "collation utf8mb4_0900_ai_ci");
        assertFix(c, "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
    }

    @Test
    void existingRowsFailUnderTheDefaultPolicyAndWarnWhenIgnored() {
        assertFix(only(report, "destination.existing_tables", Status.FAIL, db + ".filled already holds rows"),
                "TRUNCATE TABLE `" + db + "`.`filled`;");
        TaskOptions ignore = new TaskOptions(null, TaskOptions.ExistingDataPolicy.IGNORE, null, null, null, null);
        PrecheckReport r = new Precheck().run(spec(Fixtures.root(dest), ignore));
        assertTrue(r.byId("destination.existing_tables").stream().noneMatch(c -> c.status() == Status.FAIL), r.toTable());
        only(r, "destination.existing_tables", Status.WARN, "existing_data: ignore");
    }

    @Test
    void invisibleColumnsFailOnMysql57() {
        assertFix(only(report, "objects.invisible_columns", Status.FAIL, db + ".hidden.secret_note"),
                "SET VISIBLE");
    }

    @Test
    void missingDefinerWarnsOrFailsByPolicy() {
        CheckResult warn = only(report, "objects.definers", Status.WARN, "DEFINER 'ghost'@'%' of view " + db
                + ".filled_ids");
        assertFix(warn, "CREATE USER 'ghost'@'%'");
        TaskOptions keep = new TaskOptions(null, null, new SchemaOptions(null, null, null, DefinerPolicy.KEEP),
                null, null, null);
        PrecheckReport r = new Precheck().run(spec(Fixtures.root(dest), keep));
        assertFix(only(r, "objects.definers", Status.FAIL, "(definer: keep)"), "options.schema.definer: destination_user");
    }

    @Test
    void destinationAccountWithoutWritePrivilegesFails() {
        DbUser reader = dest.createUser(TestNames.unique("ro"), "Ro-pw-5678", "SELECT ON `" + db + "`.*");
        PrecheckReport r = new Precheck().run(spec(Fixtures.user(dest, reader), null));
        CheckResult c = only(r, "destination.privileges", Status.FAIL, "lacks");
        assertTrue(c.found().contains("INSERT, UPDATE, DELETE"), c.found());
        assertFix(c, "GRANT CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW, CREATE ROUTINE, "
                + "ALTER ROUTINE, TRIGGER, EVENT, INSERT, UPDATE, DELETE ON `" + db + "`.* TO '" + reader.name() + "'@'%';");
        assertFix(only(r, "destination.privileges.sql_log_bin", Status.FAIL, "may not SET sql_log_bin = 0 (needs SUPER)"),
                "GRANT SUPER ON *.* TO '" + reader.name() + "'@'%'; or set options.full_copy.destination_binlog: true");
        // without SELECT on mysql.user the definers cannot be verified
        only(r, "objects.definers", Status.WARN, "cannot be verified");
    }

    @Test
    void mysqlToMariaDbWarnsAndMapsCollations() {
        DbServer maria = SharedServers.get(Flavor.MARIADB_1011);
        TaskSpec s = Fixtures.task(Fixtures.root(source), Fixtures.root(maria), ALL_TYPES,
                List.of(new ObjectSelection(db, List.of("orders"), null, null)),
                new NameMapping(Map.of(db, TestNames.unique("m")), Map.of(), Map.of()), null);
        PrecheckReport r = new Precheck().run(s);
        assertFix(only(r, "destination.version", Status.WARN, "(MySQL to MariaDB)"), "test the application on MariaDB");
        assertFix(only(r, "destination.charsets", Status.FAIL, "utf8mb4_0900_ai_ci"),
                "COLLATE utf8mb4_unicode_520_ci; (utf8mb4_unicode_520_ci is the closest collation MariaDB 10.11");
    }
}
