package dev.sluice.precheck;

import static dev.sluice.precheck.Fixtures.ALL_TYPES;
import static dev.sluice.precheck.Fixtures.assertFix;
import static dev.sluice.precheck.Fixtures.only;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Object checks on a MySQL 8.0 source database holding one example of each problem (MyISAM, no key, BIGINT
 * UNSIGNED and CHAR keys, generated and invisible columns, cascading and dangling foreign keys, a trigger, an
 * event, a partitioned table, conflicting mappings) and on a MariaDB source with an Aria table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectChecksTest {
    private DbServer mysql;
    private String db;
    private PrecheckReport report;

    @BeforeAll
    void setUp() {
        mysql = SharedServers.get(Flavor.MYSQL_80);
        db = mysql.createDatabase("obj");
        mysql.executeIn(db,
                "CREATE TABLE myisam_t (id INT PRIMARY KEY) ENGINE=MyISAM",
                "CREATE TABLE nokey (a INT, b INT)",
                "CREATE TABLE nokey_json (a INT, doc JSON)",
                "CREATE TABLE big (id BIGINT UNSIGNED PRIMARY KEY)",
                "INSERT INTO big VALUES (1), (18446744073709551615)",
                "CREATE TABLE uuidkey (id CHAR(36) PRIMARY KEY)",
                "CREATE TABLE gen (id INT PRIMARY KEY, a INT, b INT AS (a * 2) VIRTUAL)",
                "CREATE TABLE inv (id INT PRIMARY KEY, note VARCHAR(5) INVISIBLE)",
                "CREATE TABLE parent (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id) "
                        + "ON DELETE CASCADE)",
                "CREATE TABLE excluded_parent (id INT PRIMARY KEY)",
                "CREATE TABLE orphan_child (id INT PRIMARY KEY, p INT, CONSTRAINT fk_orphan FOREIGN KEY (p) "
                        + "REFERENCES excluded_parent (id))",
                "CREATE TRIGGER trg_parent AFTER INSERT ON parent FOR EACH ROW SET @last_parent = NEW.id",
                "CREATE EVENT ev_cleanup ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM child WHERE id < 0",
                "CREATE TABLE parted (id INT PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2",
                "CREATE TABLE emoji_enum (id INT PRIMARY KEY, c ENUM('a','\uD83D\uDE00') CHARACTER SET utf8mb4, "
                        + "l ENUM('?','b') CHARACTER SET latin1)");
        // an empty table of the same name already on the destination
        mysql.execute("CREATE DATABASE `" + db + "_dst`");
        mysql.executeIn(db + "_dst", "CREATE TABLE parent (id INT PRIMARY KEY)");
        NameMapping mapping = new NameMapping(Map.of(db, db + "_dst"),
                Map.of(db + ".gen", "inv", db + ".uuidkey", "excluded_parent", db + ".nosuch", "x"), Map.of());
        TaskSpec spec = Fixtures.task(Fixtures.root(mysql), Fixtures.root(mysql), ALL_TYPES,
                List.of(new ObjectSelection(db, null, List.of("excluded_parent"), null)), mapping, null);
        report = new Precheck().run(spec);
    }

    /**
     * Finding 6 of docs/fidelity.md: the server prints a 4-byte ENUM/SET member as '?', so the schema phase created
     * the destination column with a '?' member and the values changed; refused before anything is written. A '?'
     * in a latin1 column is a real '?' (latin1 has no 4-byte characters).
     */
    @Test
    void enumMembersWithFourByteCharactersFail() {
        CheckResult c = only(report, "objects.enum_set_members", Status.FAIL, db + ".emoji_enum.c enum('a','?')");
        assertTrue(!c.found().contains("emoji_enum.l"), c.found());
        assertFix(c, "options.existing_objects: skip");
    }

    @Test
    void myIsamWarns() {
        assertFix(only(report, "objects.engine", Status.WARN, db + ".myisam_t uses ENGINE=MyISAM"),
                "ALTER TABLE `" + db + "`.`myisam_t` ENGINE=InnoDB;");
    }

    @Test
    void tableWithoutKeyWarns() {
        CheckResult c = only(report, "objects.primary_key", Status.WARN, db + ".nokey has no PRIMARY KEY");
        assertTrue(c.why().contains("one chunk"), c.why());
        assertFix(c, "ALTER TABLE `" + db + "`.`nokey` ADD COLUMN sluice_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT "
                + "PRIMARY KEY INVISIBLE");
    }

    /**
     * ADR 0074: the full copy's JSON type probe finds rows by key, so in a keyless table an UNSIGNED integer or an
     * 8-byte DECIMAL inside a JSON document is not detected; the precheck says so before anything is written.
     */
    @Test
    void keylessTableWithJsonSaysWhichJsonTypesItCannotKeep() {
        CheckResult c = only(report, "objects.primary_key", Status.WARN, db + ".nokey_json has no PRIMARY KEY");
        assertTrue(c.found().contains("JSON column doc"), c.found());
        assertTrue(c.why().contains("UNSIGNED integer up to 2^63-1 or a DECIMAL stored in 8 bytes"), c.why());
        assertTrue(!only(report, "objects.primary_key", Status.WARN, db + ".nokey has no PRIMARY KEY").why()
                .contains("JSON"), "a keyless table without JSON gets no JSON warning");
    }

    @Test
    void bigintUnsignedAndCharKeysWarn() {
        CheckResult big = only(report, "objects.key_types", Status.WARN, db + ".big key PRIMARY(id) is BIGINT UNSIGNED");
        assertTrue(big.found().contains("MAX = 18446744073709551615 (above 2^63-1)"), big.found());
        assertFix(big, "check downstream consumers");
        assertFix(only(report, "objects.key_types", Status.WARN, db + ".uuidkey key PRIMARY(id) starts with a char(36)"),
                "integer AUTO_INCREMENT primary key");
    }

    @Test
    void generatedAndInvisibleColumnsWarn() {
        assertFix(only(report, "objects.generated_columns", Status.WARN, db + ".gen.b VIRTUAL GENERATED"),
                "checksum of the generated columns");
        assertFix(only(report, "objects.invisible_columns", Status.WARN, db + ".inv.note"),
                "created INVISIBLE on the destination");
    }

    @Test
    void cascadingAndDanglingForeignKeys() {
        CheckResult cascade = only(report, "objects.foreign_keys", Status.WARN, "ON DELETE CASCADE");
        assertTrue(cascade.found().startsWith(db + ".child "), cascade.found());
        assertTrue(cascade.why().contains("foreign_key_checks=0"), cascade.why());
        assertFix(cascade, "run `sluice verify` on the child tables before cutover");
        assertFix(only(report, "objects.foreign_keys", Status.FAIL, "fk_orphan -> " + db
                        + ".excluded_parent: the parent table is not selected"),
                "ALTER TABLE `" + db + "`.`orphan_child` DROP FOREIGN KEY `fk_orphan`;");
    }

    @Test
    void triggersAndEventsWarn() {
        assertFix(only(report, "objects.triggers_events", Status.WARN, "1 trigger: " + db + ".trg_parent"),
                "defer_triggers: true");
        assertFix(only(report, "objects.triggers_events", Status.WARN, "1 event: " + db + ".ev_cleanup"),
                "ALTER EVENT <db>.<event> DISABLE;");
    }

    @Test
    void existingEmptyTableFailsASchemaTaskUnderTheDefaultPolicy() {
        assertFix(only(report, "destination.existing_tables", Status.FAIL, db + "_dst.parent already exists"),
                "DROP TABLE `" + db + "_dst`.`parent`; on the destination, or set options.existing_objects: skip");
    }

    @Test
    void longRunningTransactionWarns() throws Exception {
        try (java.sql.Connection c = mysql.connect(db); java.sql.Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO parent VALUES (42)");
            Thread.sleep(2100);
            TaskSpec spec = Fixtures.task(Fixtures.root(mysql), Fixtures.root(mysql), ALL_TYPES, db,
                    Map.of(db, db + "_dst"));
            PrecheckReport r = new Precheck(List.of(new dev.sluice.precheck.checks.ConnectivityCheck(),
                    new dev.sluice.precheck.checks.LongTransactionsCheck(1))).run(spec);
            CheckResult w = only(r, "source.long_transactions", Status.WARN, "open longer than 1 s");
            assertFix(w, "KILL <thread id>");
            c.rollback();
        }
    }

    @Test
    void partitionedTableWarns() {
        assertFix(only(report, "objects.partitioned", Status.WARN, db + ".parted"), "pause partition maintenance");
    }

    @Test
    void mappingConflicts() {
        assertFix(only(report, "objects.mapping", Status.FAIL, db + ".gen and " + db + ".inv all map to " + db
                + "_dst.inv"), "each source object has its own target");
        assertFix(only(report, "objects.mapping", Status.FAIL, db + ".uuidkey maps to " + db
                + "_dst.excluded_parent, the name of a source table the task leaves out"), "to a name no other table uses");
        assertFix(only(report, "objects.mapping", Status.WARN, "mapping.tables key " + db + ".nosuch"),
                "use the source name db.table");
    }

    @Test
    void selectedObjectsThatDoNotExist() {
        TaskSpec spec = Fixtures.task(Fixtures.root(mysql), Fixtures.root(mysql), ALL_TYPES, List.of(
                        new ObjectSelection("no_such_db_x", null, null, null),
                        new ObjectSelection(db, List.of("nokey", "ghost_table", "zz*"), null,
                                Map.of("nokey", List.of("a", "zcol")))),
                new NameMapping(Map.of(db, db + "_dst"), Map.of(), Map.of()), null);
        PrecheckReport r = new Precheck().run(spec);
        assertFix(only(r, "objects.missing", Status.FAIL, "database no_such_db_x does not exist"),
                "fix objects[].database");
        assertFix(only(r, "objects.missing", Status.FAIL, "table " + db + ".ghost_table does not exist"),
                "fix objects[].tables");
        assertFix(only(r, "objects.missing", Status.WARN, "table pattern " + db + ".zz* matches no table"),
                "check objects[].tables");
        assertFix(only(r, "objects.missing", Status.FAIL, "column " + db + ".nokey.zcol does not exist"),
                "fix objects[].columns");
    }

    @Test
    void engineTheDestinationLacksFails() {
        DbServer maria = SharedServers.get(Flavor.MARIADB_1011);
        String mdb = maria.createDatabase("aria");
        maria.executeIn(mdb, "CREATE TABLE a (id INT PRIMARY KEY) ENGINE=Aria");
        TaskSpec spec = Fixtures.task(Fixtures.root(maria), Fixtures.root(mysql), ALL_TYPES, mdb, Map.of());
        PrecheckReport r = new Precheck().run(spec);
        assertFix(only(r, "objects.engine", Status.FAIL, mdb + ".a uses ENGINE=Aria, which the destination does not "
                + "support"), "ENGINE=InnoDB");
        assertFix(only(r, "destination.version", Status.WARN, "(MariaDB to MySQL)"), "convert MariaDB-only objects");
    }
}
