package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.NameMapping;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: binlog DDL on a table whose columns the task renames was refused ("apply the equivalent change to the
 * destination by hand, then resume"): {@code DdlStatement} mapped table names only. Now the column names of
 * ALTER TABLE, CREATE INDEX and DROP INDEX go through the shared {@code NameRewriter}: a column added after, a
 * renamed column modified, indexed and changed replicate under the destination's names, and the rows that follow
 * land in the right columns.
 */
class RenamedColumnDdlReplicationTest extends ReplicationPairTest {

    RenamedColumnDdlReplicationTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-renamed-column-ddl-test");
    }

    @Test
    void ddlOnATableWithRenamedColumnsReplicatesUnderTheDestinationNames() throws Exception {
        String srcDb = TestNames.unique("rcd");
        String dstDb = srcDb + "_dst";
        source.execute("CREATE DATABASE `" + srcDb + "`");
        destination.execute("CREATE DATABASE `" + dstDb + "`");
        source.executeIn(srcDb, "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, qty INT NOT NULL, "
                + "note VARCHAR(20) NULL, price INT NULL)");
        destination.executeIn(dstDb, "CREATE TABLE goods (id INT NOT NULL PRIMARY KEY, quantity INT NOT NULL, "
                + "note VARCHAR(20) NULL, cost INT NULL)");
        NameMapping mapping = new NameMapping(Map.of(srcDb, dstDb), Map.of(srcDb + ".items", "goods"),
                Map.of(srcDb + ".items.qty", "quantity", srcDb + ".items.price", "cost"));

        Path password = ReplicationFixture.passwordFile(tmp);
        TaskSpec spec = ReplicationFixture.spec("rcd", source, destination, password, srcDb, mapping,
                ReplicationFixture.startHere(source, true));
        String taskId = state.createTask(spec);
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 50, Duration.ofMinutes(5)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(replicator);

        String[] statements = {
            "INSERT INTO items VALUES (1, 10, 'a', 100), (2, 20, 'b', 200)",
            "ALTER TABLE items ADD COLUMN extra INT NOT NULL DEFAULT 7 AFTER qty",
            "INSERT INTO items (id, qty, extra, note, price) VALUES (3, 30, 8, 'c', 300)",
            "ALTER TABLE items MODIFY qty BIGINT NOT NULL",
            "CREATE INDEX ix_qty ON items (qty)",
            "ALTER TABLE items ADD INDEX ix_price_note (price, note), ADD CONSTRAINT ck_qty CHECK (qty >= 0)",
            "UPDATE items SET qty = qty + 5000000000, price = price + 1 WHERE id <= 2",
            "DROP INDEX ix_qty ON items",
            "ALTER TABLE items CHANGE COLUMN price unit_price INT NULL",
            "INSERT INTO items (id, qty, extra, note, unit_price) VALUES (4, 40, 9, 'd', 400)",
        };
        for (String stmt : statements) {
            source.executeIn(srcDb, stmt);
            run.awaitCaughtUp(source, Duration.ofSeconds(60));
        }
        SliceResult result = run.stop(state, taskId, 60_000);
        assertNotNull(result, "the slice did not end after the stop flag");
        assertTrue(result.stopped(), "slice ended for " + result.reason());

        assertEquals("id int, quantity bigint, extra int, note varchar(20), unit_price int",
                columns(dstDb, "goods"), "destination columns");
        assertEquals("ix_price_note(unit_price,note)", indexes(dstDb, "goods"), "destination secondary indexes");
        assertEquals("1", destination.queryValue("SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE "
                + "CONSTRAINT_SCHEMA = ? AND CONSTRAINT_NAME = 'ck_qty' AND CHECK_CLAUSE LIKE '%quantity%'", dstDb));
        assertEquals(rows(source.query("SELECT id, qty, extra, note, unit_price FROM `" + srcDb + "`.items "
                        + "ORDER BY id")),
                rows(destination.query("SELECT id, quantity, extra, note, unit_price FROM `" + dstDb + "`.goods "
                        + "ORDER BY id")));
        assertEquals("4", destination.queryValue("SELECT COUNT(*) FROM `" + dstDb + "`.goods"));
    }

    private String columns(String db, String table) {
        return destination.query("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE "
                        + "TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", db, table).stream()
                .map(r -> r.get("COLUMN_NAME") + " " + r.get("COLUMN_TYPE")).collect(Collectors.joining(", "));
    }

    private String indexes(String db, String table) {
        return destination.query("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM "
                        + "information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME "
                        + "<> 'PRIMARY' GROUP BY INDEX_NAME ORDER BY INDEX_NAME", db, table).stream()
                .map(r -> r.get("INDEX_NAME") + "(" + r.get("cols") + ")").collect(Collectors.joining(", "));
    }

    private static List<String> rows(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.values().stream().map(String::valueOf).collect(Collectors.joining("|")))
                .toList();
    }
}
