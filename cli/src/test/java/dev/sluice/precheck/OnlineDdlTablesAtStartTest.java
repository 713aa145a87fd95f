package dev.sluice.precheck;

import static dev.sluice.precheck.Fixtures.ALL_TYPES;
import static dev.sluice.precheck.Fixtures.assertFix;
import static dev.sluice.precheck.Fixtures.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.schema.SchemaReader;
import dev.sluice.schema.SourceDatabase;
import dev.sluice.schema.SourceObject;
import dev.sluice.schema.SourceTable;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.OnlineDdlTables;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskOptions.OnlineDdl;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18: the tables of a gh-ost and a pt-online-schema-change run that are on the source when the task starts
 * (shadow, changelog, old tables, pt-osc's triggers) are not created, copied or verified - the precheck lists
 * them with what it means - unless {@code options.online_ddl: off} or the task names one exactly. Before, they were
 * migrated like any table (the shadow copied as a second copy of the table), and pt-osc's triggers were created
 * on the destination, where they write into a table that does not exist there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineDdlTablesAtStartTest {
    private DbServer source;
    private String db;

    @BeforeAll
    void start() {
        source = SharedServers.get(Flavor.MYSQL_80);
        db = source.createDatabase("oscstart");
        source.executeIn(db,
                "CREATE TABLE orders (id INT PRIMARY KEY, qty INT)",
                "CREATE TABLE _orders_ghc (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, hint VARCHAR(64))",
                "CREATE TABLE _orders_gho LIKE orders",
                "ALTER TABLE _orders_gho ADD COLUMN note INT",
                "CREATE TABLE _orders_20261202140000_del (id INT PRIMARY KEY)",
                "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(10))",
                "CREATE TABLE __items_new (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE _items_old (id INT PRIMARY KEY, name VARCHAR(10))",
                "CREATE TRIGGER `pt_osc_" + db + "_items_ins` AFTER INSERT ON items FOR EACH ROW REPLACE INTO "
                        + "`__items_new` (`id`, `name`) VALUES (NEW.`id`, NEW.`name`)",
                "CREATE TRIGGER items_audit BEFORE INSERT ON items FOR EACH ROW SET NEW.name = UPPER(NEW.name)");
    }

    private TaskSpec spec(List<String> tables, OnlineDdl mode) {
        return Fixtures.task(Fixtures.root(source), Fixtures.root(source), ALL_TYPES,
                List.of(new ObjectSelection(db, tables, null, null)), NameMapping.NONE,
                new TaskOptions(null, null, null, null, null, null, null, mode));
    }

    @Test
    void precheckListsTheToolTablesAsSkipped() {
        PrecheckReport r = new Precheck().run(spec(null, null));
        CheckResult c = only(r, "objects.online_ddl", Status.WARN, "6 online schema change objects skipped");
        for (String name : List.of("_orders_gho (gh-ost shadow table of orders)", "_orders_ghc (gh-ost changelog",
                "_orders_20261202140000_del (gh-ost old table", "__items_new (pt-online-schema-change shadow",
                "_items_old (pt-online-schema-change old table", "pt_osc_" + db + "_items_ins")) {
            assertTrue(c.found().contains(name), name + " in " + c.found());
        }
        assertFix(c, "options.online_ddl: off");
        assertTrue(r.byId("objects.triggers_events").stream().noneMatch(t -> t.found().contains("pt_osc_")),
                "pt-osc's trigger is not one to create: " + r.toTable());

        PrecheckReport off = new Precheck().run(spec(null, OnlineDdl.OFF));
        only(off, "objects.online_ddl", Status.PASS, "options.online_ddl: off");
    }

    @Test
    void schemaAndCopyTakeOnlyTheApplicationTables() throws Exception {
        try (Connection c = source.connect(db)) {
            assertEquals(List.of("items", "orders"), tables(c, spec(null, null).filter()));
            assertEquals(List.of("items_audit"), triggers(c, spec(null, null).filter()));
            // off: everything is an ordinary table again
            assertEquals(List.of("__items_new", "_items_old", "_orders_20261202140000_del", "_orders_ghc",
                    "_orders_gho", "items", "orders"), tables(c, spec(null, OnlineDdl.OFF).filter()));
            assertEquals(2, triggers(c, spec(null, OnlineDdl.OFF).filter()).size());
            // a table named exactly is taken even if it looks like a tool's
            assertEquals(List.of("_items_old", "items"), tables(c, spec(List.of("items", "_items_old"), null)
                    .filter()));
            // only gh-ost's names
            assertEquals(List.of("__items_new", "_items_old", "items", "orders"),
                    tables(c, spec(null, OnlineDdl.GH_OST).filter()));
        }
    }

    @Test
    void namesOfBothToolsAreRecognised() {
        OnlineDdlTables auto = new OnlineDdlTables(OnlineDdl.AUTO);
        assertEquals("gh-ost shadow table of t", auto.classify("_t_gho").orElseThrow().describe());
        assertEquals(OnlineDdlTables.Role.CHANGELOG, auto.classify("_t_ghk").orElseThrow().role());
        assertEquals("gh-ost old table of my_t", auto.classify("_my_t_20261202140000_del").orElseThrow().describe());
        assertEquals("gh-ost old table of t", auto.classify("_t_rev_del").orElseThrow().describe());
        assertEquals("pt-online-schema-change shadow table of t", auto.classify("___t_new").orElseThrow().describe());
        assertEquals("pt-online-schema-change old table of t", auto.classify("AB12CD___t_old").orElseThrow()
                .describe());
        assertTrue(auto.classify("orders_new").isEmpty());
        assertTrue(auto.classify("t_gho").isEmpty());
        assertTrue(auto.isToolTrigger("pt_osc_shop_orders_upd"));
        assertTrue(new OnlineDdlTables(OnlineDdl.GH_OST).classify("_t_new").isEmpty());
        assertTrue(new OnlineDdlTables(OnlineDdl.PT_OSC).classify("_t_gho").isEmpty());
        assertTrue(new OnlineDdlTables(OnlineDdl.OFF).classify("_t_gho").isEmpty());
        assertTrue(!new OnlineDdlTables(OnlineDdl.GH_OST).isToolTrigger("pt_osc_shop_orders_upd"));
    }

    private List<String> tables(Connection c, ObjectFilter filter) throws Exception {
        List<String> viaModels = TableModels.selected(c, filter).stream().map(TableRef::table).sorted().toList();
        List<String> viaSchema = new SchemaReader(c).read(filter).stream().map(SourceDatabase::tables)
                .flatMap(List::stream).map(SourceTable::name).sorted().toList();
        assertEquals(viaModels, viaSchema, "the full copy and the schema phase select the same tables");
        return viaModels;
    }

    private List<String> triggers(Connection c, ObjectFilter filter) throws Exception {
        return new SchemaReader(c).read(filter).stream().map(SourceDatabase::triggers).flatMap(List::stream)
                .map(SourceObject::name).sorted().toList();
    }
}
