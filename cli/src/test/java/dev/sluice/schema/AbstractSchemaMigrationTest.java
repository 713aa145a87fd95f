package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.Sakila;
import dev.sluice.testing.TestNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema migration between two real servers: Sakila end to end (create, copy, finish, behaviour), a torture
 * table of every column type and attribute, and the existing-objects policies. Subclasses pick the flavors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractSchemaMigrationTest {
    @RegisterExtension
    static final DbServerExtension servers = DbServerExtension.create();

    protected final Flavor sourceFlavor;
    protected final Flavor destinationFlavor;
    protected DbServer src;
    protected DbServer dst;

    AbstractSchemaMigrationTest(Flavor sourceFlavor, Flavor destinationFlavor) {
        this.sourceFlavor = sourceFlavor;
        this.destinationFlavor = destinationFlavor;
    }

    @BeforeAll
    void startServers() {
        src = servers.start(sourceFlavor);
        dst = servers.start(destinationFlavor);
    }

    /** Checks the conversions the report must list for this pair of servers. */
    abstract void checkSakilaReport(SchemaReport report);

    /** The torture table's DDL for the source flavor. */
    abstract List<String> tortureDdl();

    // ------------------------------------------------------------------ Sakila

    @Test
    void sakilaIsMigratedAndBehavesTheSame() throws Exception {
        String db = Sakila.load(src, TestNames.unique("sakila"));
        TaskSpec spec = SchemaTestSupport.spec(src, dst, "objects: [{database: " + db + "}]\n");
        SchemaStore store = SchemaStore.inMemory();
        SchemaMigrator migrator = new SchemaMigrator(store);

        SchemaMigrator.Result created = migrator.create(spec);
        assertTrue(created.objects() > 16 + 7 + 6, "objects created: " + created.objects());
        // before the copy: every table with its primary key only, no foreign keys, no triggers
        assertEquals(names(src, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", db),
                names(dst, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", db));
        assertEquals(Set.of("PRIMARY"), names(dst, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'film'", db));
        assertEquals(Set.of("PRIMARY"), names(dst, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'film_text'", db));
        assertEquals(0, dst.queryLong("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?", db));
        assertEquals(0, dst.queryLong("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", db));
        assertEquals(views(src, db), views(dst, db));
        assertEquals(routines(src, db), routines(dst, db));
        assertFalse(store.report(db).orElseThrow().finished());

        for (String table : names(src, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", db)) {
            SchemaTestSupport.copyTable(src, db, table, dst, db, table, Map.of());
        }

        SchemaMigrator.Result finished = migrator.finish(spec);
        assertTrue(finished.objects() > 20, "objects added after the copy: " + finished.objects());
        assertEquals(indexes(src, db), indexes(dst, db));
        assertEquals(normalizeForeignKeys(foreignKeys(src, db)), foreignKeys(dst, db));
        assertEquals(triggers(src, db), triggers(dst, db));
        assertEquals(6, triggers(dst, db).size());
        assertEquals(0, migrator.finish(spec).objects(), "a second finish adds nothing");

        // behaviour: routines, views, triggers
        String call = "CALL film_in_stock(1, 1, @c)";
        assertEquals(SchemaTestSupport.rows(src, db, call), SchemaTestSupport.rows(dst, db, call));
        assertEquals(4, SchemaTestSupport.rows(dst, db, call).size());
        for (String q : List.of("SELECT get_customer_balance(1, '2005-08-01 00:00:00')", "SELECT inventory_in_stock(1)",
                "SELECT inventory_held_by_customer(6)",
                "SELECT * FROM customer_list ORDER BY ID", "SELECT * FROM sales_by_store ORDER BY store",
                "SELECT * FROM sales_by_film_category ORDER BY category", "SELECT * FROM staff_list ORDER BY ID",
                "SELECT COUNT(*), SUM(price) FROM film_list", "SELECT COUNT(*), SUM(LENGTH(film_info)) FROM actor_info",
                "SELECT COUNT(*) FROM nicer_but_slower_film_list")) {
            List<String> expected = SchemaTestSupport.rows(src, db, q);
            assertFalse(expected.isEmpty(), q);
            assertEquals(expected, SchemaTestSupport.rows(dst, db, q), q);
        }
        dst.executeIn(db, "INSERT INTO film (title, description, language_id) VALUES ('SLUICE TEST', 'a trigger test', 1)");
        assertEquals("a trigger test", dst.queryValue("SELECT description FROM `" + db + "`.film_text WHERE title = 'SLUICE TEST'"));
        dst.executeIn(db, "UPDATE film SET description = 'changed' WHERE title = 'SLUICE TEST'");
        assertEquals("changed", dst.queryValue("SELECT description FROM `" + db + "`.film_text WHERE title = 'SLUICE TEST'"));

        SchemaReport report = store.report(db).orElseThrow();
        assertTrue(report.finished());
        assertEquals(16, report.created().get("table"));
        assertEquals(7, report.created().get("view"));
        assertEquals(6, report.created().get("trigger"));
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        checkSakilaReport(report);
        String table = SchemaReport.toTable(List.of(report));
        assertTrue(table.contains(db) && table.contains("finished"), table);
        System.err.println(table);
    }

    // ------------------------------------------------------------------ torture table

    @Test
    void tortureTableIsCreatedIdentically() throws Exception {
        String db = src.createDatabase("torture");
        src.executeIn(db, tortureDdl().toArray(String[]::new));
        TaskSpec spec = SchemaTestSupport.spec(src, dst, "objects: [{database: " + db + "}]\n");
        SchemaStore store = SchemaStore.inMemory();
        SchemaMigrator migrator = new SchemaMigrator(store);
        migrator.create(spec);
        // keyless table: the unique NOT NULL key chunking needs is there before the copy, the other key is not
        assertEquals(Set.of("uk_a"), names(dst, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'keyless'", db));
        migrator.finish(spec);
        for (String t : List.of("torture", "torture_parent", "torture_part", "keyless")) {
            assertEquals(columns(src, db, t), columns(dst, db, t), "columns of " + t);
        }
        assertEquals(indexes(src, db), indexes(dst, db));
        assertEquals(normalizeForeignKeys(foreignKeys(src, db)), foreignKeys(dst, db));
        assertEquals(options(src, db).stream().map(this::normalizeCrossVersion).toList(), List.copyOf(options(dst, db)));
        if (sameVersion()) {
            for (String t : List.of("torture", "torture_parent", "torture_part", "keyless")) {
                assertEquals(showCreate(src, db, t), showCreate(dst, db, t), "SHOW CREATE TABLE " + t);
            }
        }
        checkTortureReport(store.report(db).orElseThrow());
    }

    /** Source foreign-key rows as the destination is expected to show them (a conversion the report lists). */
    Set<String> normalizeForeignKeys(Set<String> rows) {
        return rows;
    }

    /** Extra normalization of metadata for a pair whose conversions are expected (e.g. collations mapped). */
    String normalizeCrossVersion(String line) {
        return line;
    }

    void checkTortureReport(SchemaReport report) {
        assertTrue(report.problems().isEmpty(), report.problems().toString());
    }

    boolean sameVersion() {
        return sourceFlavor == destinationFlavor;
    }

    // ------------------------------------------------------------------ existing objects

    @Test
    void existingObjectsFollowThePolicy() {
        String db = src.createDatabase("conflict");
        src.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, v INT, KEY k_v (v))", "CREATE TABLE u (id INT PRIMARY KEY)",
                "CREATE VIEW vt AS SELECT id FROM t");
        dst.execute("CREATE DATABASE `" + db + "`");
        dst.executeIn(db, "CREATE TABLE t (id INT, other INT)", "INSERT INTO t VALUES (1, 42)");

        SchemaConflictException fail = assertThrows(SchemaConflictException.class, () -> new SchemaMigrator(SchemaStore.inMemory())
                .create(SchemaTestSupport.spec(src, dst, "objects: [{database: " + db + "}]\n")));
        assertTrue(fail.getMessage().contains("table " + db + ".t") && fail.getMessage().contains("existing_objects"),
                fail.getMessage());
        assertEquals(0, dst.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'u'", db),
                "fail creates nothing");

        SchemaStore skipStore = SchemaStore.inMemory();
        TaskSpec skip = SchemaTestSupport.spec(src, dst, "objects: [{database: " + db + "}]\noptions: {existing_objects: skip}\n");
        new SchemaMigrator(skipStore).create(skip);
        new SchemaMigrator(skipStore).finish(skip);
        assertEquals("42", dst.queryValue("SELECT other FROM `" + db + "`.t"), "skip leaves the table as it was");
        assertEquals(List.of("table " + db + ".t"), skipStore.report(db).orElseThrow().skipped());
        // a re-run after an interruption recreates its own objects (u, vt) instead of calling them conflicts
        new SchemaMigrator(skipStore).create(skip);

        SchemaStore dropStore = SchemaStore.inMemory();
        TaskSpec drop = SchemaTestSupport.spec(src, dst, "objects: [{database: " + db + "}]\noptions: {existing_objects: drop-and-create}\n");
        new SchemaMigrator(dropStore).create(drop);
        new SchemaMigrator(dropStore).finish(drop);
        assertEquals(columns(src, db, "t"), columns(dst, db, "t"));
        assertEquals(indexes(src, db), indexes(dst, db));
        assertTrue(dropStore.report(db).orElseThrow().changes().stream()
                .anyMatch(c -> c.why().contains("drop-and-create")), dropStore.report(db).toString());
    }

    // ------------------------------------------------------------------ helpers

    static Set<String> names(DbServer s, String sql, String db) {
        Set<String> out = new TreeSet<>();
        s.query(sql, db).forEach(r -> out.add(String.valueOf(r.values().iterator().next())));
        return out;
    }

    static Set<String> rowsOf(DbServer s, String sql, Object... params) {
        Set<String> out = new TreeSet<>();
        s.query(sql, params).forEach(r -> out.add(r.values().toString()));
        return out;
    }

    static Set<String> views(DbServer s, String db) {
        return rowsOf(s, "SELECT TABLE_NAME, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?", db);
    }

    static Set<String> routines(DbServer s, String db) {
        return rowsOf(s, "SELECT ROUTINE_NAME, ROUTINE_TYPE, DATA_TYPE, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE "
                + "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", db);
    }

    static Set<String> indexes(DbServer s, String db) {
        return rowsOf(s, "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, INDEX_TYPE, SUB_PART, "
                + "INDEX_COMMENT FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?", db);
    }

    static Set<String> foreignKeys(DbServer s, String db) {
        return rowsOf(s, "SELECT r.CONSTRAINT_NAME, r.TABLE_NAME, r.REFERENCED_TABLE_NAME, r.UPDATE_RULE, r.DELETE_RULE, "
                + "k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS r "
                + "JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA "
                + "AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME WHERE r.CONSTRAINT_SCHEMA = ?", db);
    }

    static Set<String> triggers(DbServer s, String db) {
        return rowsOf(s, "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING "
                + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", db);
    }

    /** Table options; CREATE_OPTIONS sorted (servers list them in different orders). */
    static Set<String> options(DbServer s, String db) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> r : s.query("SELECT TABLE_NAME, ENGINE, ROW_FORMAT, TABLE_COLLATION, CREATE_OPTIONS, "
                + "TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", db)) {
            List<String> opts = new java.util.ArrayList<>(List.of(String.valueOf(r.get("CREATE_OPTIONS")).split(" ")));
            java.util.Collections.sort(opts);
            out.add(r.get("TABLE_NAME") + " " + r.get("ENGINE") + " " + r.get("ROW_FORMAT") + " " + r.get("TABLE_COLLATION")
                    + " " + opts + " " + r.get("TABLE_COMMENT"));
        }
        return out;
    }

    /** information_schema.COLUMNS normalized for harmless cross-version spelling (display widths, utf8mb3). */
    List<String> columns(DbServer s, String db, String table) {
        List<String> out = new java.util.ArrayList<>();
        for (Map<String, Object> r : s.query("SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, "
                + "CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", db, table)) {
            String line = r.values().toString();
            if (!sameVersion()) {
                line = line.replaceAll("(tinyint|smallint|mediumint|int|bigint|year)\\(\\d+\\)", "$1")
                        .replace("geometrycollection", "geomcollection").replace("_utf8mb4", "").replace("\\'", "'")
                        .replace("utf8mb3", "utf8").replace("DEFAULT_GENERATED", "").replace("`", "")
                        .replaceAll("\\s+", " ").replace(" ,", ",").replace(" ]", "]");
                line = normalizeCrossVersion(line);
            }
            out.add(line);
        }
        return out;
    }

    /** SHOW CREATE TABLE without AUTO_INCREMENT=n and with key lines sorted (keys added later list later). */
    static String showCreate(DbServer s, String db, String table) {
        String text = String.valueOf(s.query("SHOW CREATE TABLE `" + db + "`.`" + table + "`").get(0).get("Create Table"))
                .replaceAll(" AUTO_INCREMENT=\\d+", "");
        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n")));
        List<String> keys = new java.util.ArrayList<>();
        lines.removeIf(l -> {
            boolean key = l.matches("\\s+(UNIQUE |FULLTEXT |SPATIAL )?KEY .*");
            if (key) {
                keys.add(l.replaceAll(",$", ""));
            }
            return key;
        });
        java.util.Collections.sort(keys);
        lines.add(String.join("\n", keys));
        return String.join("\n", lines);
    }
}
