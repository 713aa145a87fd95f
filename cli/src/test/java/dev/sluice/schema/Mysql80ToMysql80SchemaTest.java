package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Schema migration MySQL 8.0 to MySQL 8.0: nothing needs converting. */
class Mysql80ToMysql80SchemaTest extends AbstractSchemaMigrationTest {
    Mysql80ToMysql80SchemaTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80);
    }

    @Override
    void checkSakilaReport(SchemaReport report) {
        assertTrue(report.changes().isEmpty(), "same version needs no conversion: " + report.changes());
    }

    @Override
    List<String> tortureDdl() {
        return TortureDdl.forFlavor(true, false);
    }

    /** A database, a table and a column renamed, seen through a view, a view on it, a trigger and routines. */
    @Test
    void mappingRewritesViewsTriggersAndRoutines() throws Exception {
        String srcDb = TestNames.unique("mapsrc");
        String dstDb = TestNames.unique("mapdst");
        src.execute("CREATE DATABASE `" + srcDb + "`");
        src.executeIn(srcDb,
                "CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, title VARCHAR(50) NOT NULL, price DECIMAL(8,2), "
                        + "secret VARCHAR(10), KEY idx_title (title), KEY idx_secret (secret))",
                "CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, item_id INT, old_title VARCHAR(50), "
                        + "new_title VARCHAR(50), note VARCHAR(40) DEFAULT 'title changed', "
                        + "CONSTRAINT fk_audit_item FOREIGN KEY (item_id) REFERENCES items (id))",
                "CREATE VIEW item_titles AS SELECT i.id, i.title, title AS t2 FROM items i WHERE i.price > 0",
                "CREATE VIEW cheap_titles AS SELECT title FROM item_titles WHERE id > 1",
                "CREATE TRIGGER items_au AFTER UPDATE ON items FOR EACH ROW "
                        + "INSERT INTO audit (item_id, old_title, new_title) VALUES (NEW.id, OLD.title, NEW.title)",
                "CREATE PROCEDURE rename_item(IN p_id INT, IN title VARCHAR(50)) "
                        + "UPDATE items SET items.title = title WHERE id = p_id",
                "CREATE FUNCTION item_title(p_id INT) RETURNS VARCHAR(50) READS SQL DATA "
                        + "RETURN (SELECT title FROM `" + srcDb + "`.items WHERE id = p_id)");
        TaskSpec spec = SchemaTestSupport.spec(src, dst, "objects: [{database: " + srcDb
                + ", columns: {items: [id, title, price]}}]\n"
                + "mapping:\n  databases: {" + srcDb + ": " + dstDb + "}\n  tables: {" + srcDb + ".items: products}\n"
                + "  columns: {" + srcDb + ".items.title: name}\n");
        SchemaStore store = SchemaStore.inMemory();
        SchemaMigrator migrator = new SchemaMigrator(store);
        migrator.create(spec);
        migrator.finish(spec);

        assertEquals(List.of("id", "name", "price"), List.copyOf(columnNames(dstDb, "products")));
        assertEquals(Set.of("PRIMARY", "idx_title"), names(dst, "SELECT INDEX_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'products'", dstDb));
        assertEquals("products", dst.queryValue("SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                + "WHERE CONSTRAINT_SCHEMA = ? AND CONSTRAINT_NAME = 'fk_audit_item'", dstDb));
        dst.executeIn(dstDb, "INSERT INTO products (id, name, price) VALUES (1, 'one', 1.50), (2, 'two', 2.50), (3, 'free', 0)");
        // views keep their own column names and read the renamed table and column
        assertEquals(List.of("1 | one | one", "2 | two | two"),
                SchemaTestSupport.rows(dst, dstDb, "SELECT id, title, t2 FROM item_titles ORDER BY id"));
        assertEquals(List.of("two"), SchemaTestSupport.rows(dst, dstDb, "SELECT title FROM cheap_titles"));
        // the trigger fires on the renamed table and reads the renamed column
        dst.executeIn(dstDb, "UPDATE products SET name = 'uno' WHERE id = 1");
        assertEquals(List.of("1 | one | uno | title changed"),
                SchemaTestSupport.rows(dst, dstDb, "SELECT item_id, old_title, new_title, note FROM audit"));
        // routines: a parameter named like the renamed column stays a parameter
        dst.executeIn(dstDb, "CALL rename_item(2, 'dos')");
        assertEquals("dos", dst.queryValue("SELECT `" + dstDb + "`.item_title(2)"));
        assertEquals(2, dst.queryLong("SELECT COUNT(*) FROM `" + dstDb + "`.audit"));
        assertEquals(0, dst.queryLong("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", srcDb));

        SchemaReport report = store.report(srcDb).orElseThrow();
        assertEquals(dstDb, report.destinationDatabase());
        assertTrue(report.problems().stream().anyMatch(p -> p.before().contains("idx_secret")), report.problems().toString());
        assertEquals(1, report.problems().size(), report.problems().toString());
        for (String object : List.of("view " + srcDb + ".item_titles", "trigger " + srcDb + ".items_au",
                "procedure " + srcDb + ".rename_item", "function " + srcDb + ".item_title")) {
            assertTrue(report.changes().stream().anyMatch(c -> c.object().equals(object) && c.after().equals("names mapped")),
                    object + " in " + report.changes());
        }
    }

    /** With incremental replication triggers skip rows the applier writes (it sets @sluice_replicating); events come disabled. */
    @Test
    void triggersAreGuardedAndEventsDisabled() throws Exception {
        String db = src.createDatabase("guard");
        src.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "CREATE TABLE log (id INT PRIMARY KEY, v INT)",
                "CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW INSERT INTO log VALUES (NEW.id, NEW.v)",
                "CREATE EVENT purge_log ON SCHEDULE EVERY 1 DAY COMMENT 'daily' DO DELETE FROM log WHERE id > 100");
        TaskSpec spec = SchemaTestSupport.spec(src, dst, "[schema, full, incremental]", "objects: [{database: " + db + "}]\n");
        SchemaStore store = SchemaStore.inMemory();
        new SchemaMigrator(store).create(spec);
        new SchemaMigrator(store).finish(spec);
        try (var c = dst.connect(db); var st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (1, 10)");
            st.execute("SET @sluice_replicating = 1");
            st.execute("INSERT INTO t VALUES (2, 20)");
        }
        assertEquals(List.of("1 | 10"), SchemaTestSupport.rows(dst, db, "SELECT * FROM log"));
        // events arrive disabled (they would run on both servers while the source is live)
        assertEquals(List.of("purge_log | DISABLED | daily"), SchemaTestSupport.rows(dst, db,
                "SELECT EVENT_NAME, STATUS, EVENT_COMMENT FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()"));
        assertTrue(store.report(db).orElseThrow().changes().stream().anyMatch(ch -> ch.object().equals("event " + db + ".purge_log")
                && ch.after().equals("DISABLE")));
        assertTrue(store.report(db).orElseThrow().changes().stream().anyMatch(ch -> ch.object().equals("trigger " + db + ".t_ai")
                && ch.why().contains("@sluice_replicating")));
    }

    private List<String> columnNames(String db, String table) {
        return dst.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION", db, table).stream().map(r -> String.valueOf(r.get("COLUMN_NAME"))).toList();
    }
}
