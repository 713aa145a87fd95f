package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.state.ReplicationStatus;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, online schema change tools on the source: gh-ost and pt-online-schema-change change a table by
 * filling a shadow table they ALTER and swapping it in with RENAME TABLE. Before, the replicator replayed that
 * as-is: the shadow was created and filled row by row on the destination (the table copied a second time), and a
 * task that selects only the table lost it at the swap (RENAME orders TO _orders_del was applied, the shadow's
 * half was not) so the next row failed. Now the shadow's rows and DDL are not replicated and the swap runs the
 * shadow's ALTER on the destination table, once, under the task's mapping, while the application keeps writing.
 */
abstract class AbstractOnlineSchemaChangeTest extends ReplicationPairTest {
    private static final String TABLE_DDL = "CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
            + "qty INT NOT NULL, amount DECIMAL(10,2) NOT NULL, label VARCHAR(20) NULL)";
    private static final String ALTER = "ADD COLUMN note VARCHAR(16) NOT NULL DEFAULT 'none', ADD INDEX ix_qty (qty), "
            + "MODIFY label VARCHAR(40) NULL";

    AbstractOnlineSchemaChangeTest(Flavor sourceFlavor) {
        super(sourceFlavor, Flavor.MYSQL_80, "sluice-osc-test");
    }

    @Test
    void ghOstCutOverOfASelectedTableAltersTheMappedDestinationTableInPlace() throws Exception {
        String db = TestNames.unique("gho");
        String dstDb = db + "_dst";
        // only `orders` is selected, and it is renamed on the destination
        NameMapping mapping = new NameMapping(Map.of(db, dstDb), Map.of(db + ".orders", "orders_v2"), Map.of());
        Run run = start(db, dstDb, "orders_v2", List.of("orders"), mapping);
        try (OnlineSchemaChangeTools.Writer writer = new OnlineSchemaChangeTools.Writer(source, db, "orders", 11)) {
            Thread.sleep(500);
            OnlineSchemaChangeTools.ghOst(source, db, "orders", "`id`, `qty`, `amount`, `label`", ALTER, writer);
            writer.withNote();
            Thread.sleep(500);
            assertTrue(writer.statements() > 20, "the application wrote during the migration");
        }
        ReplicationStatus st = run.finish();
        assertSameTable(db, dstDb, "orders", "orders_v2");
        assertEquals(1, st.tables().get(db + ".orders").ddl(), "one ALTER on the destination table: " + st.tables());
        assertEquals(Set.of(db + ".orders"), st.tables().keySet(), "rows of the gh-ost tables were replicated");
    }

    @Test
    void ptOnlineSchemaChangeSwapAltersTheDestinationTableInPlaceWhileTheApplicationWrites() throws Exception {
        String db = TestNames.unique("pto");
        Run run = start(db, db, "orders", null, NameMapping.NONE);
        try (OnlineSchemaChangeTools.Writer writer = new OnlineSchemaChangeTools.Writer(source, db, "orders", 12)) {
            Thread.sleep(500);
            OnlineSchemaChangeTools.ptOscUntilSwap(source, db, "orders", List.of("id", "qty", "amount", "label"),
                    ALTER);
            run.nextSlice(); // what was seen of the shadow is kept on the destination between slices
            OnlineSchemaChangeTools.ptOscSwap(source, db, "orders");
            writer.withNote();
            Thread.sleep(500);
            assertTrue(writer.statements() > 20, "the application wrote during the migration");
        }
        ReplicationStatus st = run.finish();
        assertSameTable(db, db, "orders", "orders");
        assertEquals(1, st.tables().get(db + ".orders").ddl(), "one ALTER on the destination table: " + st.tables());
        assertEquals(Set.of(db + ".orders"), st.tables().keySet(), "rows of the pt-osc table were replicated");
        assertEquals(List.of(), destination.query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE "
                + "TRIGGER_SCHEMA = ?", db), "no pt-osc trigger on the destination");
    }

    @Test
    void aSwapWhoseAlterRanBeforeTheTaskStartedStopsTheTaskUntilTheDestinationHasTheNewColumns() throws Exception {
        String db = TestNames.unique("ptu");
        source.execute("CREATE DATABASE `" + db + "`");
        source.executeIn(db, TABLE_DDL, "INSERT INTO orders (qty, amount, label) VALUES (1, 1.5, 'a'), (2, 2.5, 'b')");
        // pt-osc ran its ALTER before the task starts: the task cannot know it
        OnlineSchemaChangeTools.ptOscUntilSwap(source, db, "orders", List.of("id", "qty", "amount", "label"), ALTER);
        Run run = start(db, db, "orders", null, NameMapping.NONE, false);
        source.executeIn(db, "INSERT INTO orders (qty, amount, label) VALUES (3, 3.5, 'c')");
        OnlineSchemaChangeTools.ptOscSwap(source, db, "orders");
        source.executeIn(db, "INSERT INTO orders (qty, amount, label, note) VALUES (4, 4.5, 'd', 'after')",
                "UPDATE orders SET note = 'set' WHERE id = 1");
        Throwable failure = run.slice.awaitFailure(60_000);
        assertNotNull(failure, "the slice went on without the ALTER");
        String message = String.valueOf(failure.getMessage());
        assertTrue(message.contains("swapped " + db + "._orders_new in as " + db + ".orders")
                && message.contains("its ALTER ran before this task's replication started")
                && message.contains("Run the same ALTER on the destination table by hand"), message);
        assertTrue(message.contains("[id, qty, amount, label]") && message.contains("[id, qty, amount, label, note]"),
                "names both column lists: " + message);

        destination.executeIn(db, "ALTER TABLE orders " + ALTER); // what the message asks for
        Replicator again = new Replicator(run.taskId, run.spec, state.state(run.taskId),
                ReplicationFixture.config(2, 200, Duration.ofMinutes(5)));
        ReplicationStatus st = new Run(run.taskId, run.spec, again, new ReplicationFixture.SliceRun(again)).finish();
        assertSameTable(db, db, "orders", "orders");
        assertTrue(st.note() != null && st.note().contains("has the source table's columns"), "status: " + st.note());
    }

    /** A replicating task on a fresh {@code orders} table (200 rows on both sides) and its slice. */
    private Run start(String db, String dstDb, String dstTable, List<String> tables, NameMapping mapping)
            throws Exception {
        source.execute("CREATE DATABASE `" + db + "`");
        source.executeIn(db, TABLE_DDL);
        return start(db, dstDb, dstTable, tables, mapping, true);
    }

    /** Fills {@code db.orders} (and the destination's copy, created like the source's) and starts replicating. */
    private Run start(String db, String dstDb, String dstTable, List<String> tables, NameMapping mapping,
                      boolean fill) throws Exception {
        destination.execute("CREATE DATABASE `" + dstDb + "`");
        destination.executeIn(dstDb, TABLE_DDL.replace("TABLE orders", "TABLE `" + dstTable + "`"));
        if (fill) {
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= 200; i++) {
                rows.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i % 17).append(", ")
                        .append(i).append(".25, 'r").append(i).append("')");
            }
            source.executeIn(db, "INSERT INTO orders VALUES " + rows);
        }
        for (java.util.Map<String, Object> r : source.query("SELECT * FROM `" + db + "`.orders ORDER BY id")) {
            destination.executeIn(dstDb, "INSERT INTO `" + dstTable + "` VALUES (" + r.get("id") + ", " + r.get("qty")
                    + ", " + r.get("amount") + ", '" + r.get("label") + "')");
        }
        Path password = ReplicationFixture.passwordFile(tmp);
        TaskSpec spec = new TaskSpec("osc", ReplicationFixture.endpoint(source, password),
                ReplicationFixture.endpoint(destination, password), Set.of(MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, tables, null, null)), mapping, null,
                new TaskOptions(null, null, null, null, ReplicationFixture.startHere(source, true), null));
        String taskId = state.createTask(spec);
        Replicator replicator = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(2, 200, Duration.ofMinutes(5)));
        Run run = new Run(taskId, spec, replicator, new ReplicationFixture.SliceRun(replicator));
        run.awaitOpen();
        return run;
    }

    private final class Run {
        final String taskId;
        final TaskSpec spec;
        Replicator replicator;
        ReplicationFixture.SliceRun slice;

        Run(String taskId, TaskSpec spec, Replicator replicator, ReplicationFixture.SliceRun slice) {
            this.taskId = taskId;
            this.spec = spec;
            this.replicator = replicator;
            this.slice = slice;
        }

        /** Waits until the slice reads the stream (its start schema is taken). */
        void awaitOpen() throws InterruptedException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (replicator.openedNanos() == 0 && slice.awaitFailure(10) == null
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        }

        /** Ends this slice once caught up and starts the next one (as the workflow's loop does). */
        void nextSlice() throws Exception {
            finish();
            state.tasks.clearStop(taskId);
            replicator = new Replicator(taskId, spec, state.state(taskId),
                    ReplicationFixture.config(2, 200, Duration.ofMinutes(5)));
            slice = new ReplicationFixture.SliceRun(replicator);
            awaitOpen();
        }

        ReplicationStatus finish() throws Exception {
            slice.awaitCaughtUp(source, Duration.ofSeconds(90));
            ReplicationStatus st = replicator.status();
            SliceResult result = slice.stop(state, taskId, 60_000);
            assertNotNull(result, "the slice did not end after the stop flag");
            assertTrue(result.stopped(), "slice ended for " + result.reason());
            return st;
        }
    }

    /** Same columns, indexes and rows; none of the tool's tables on the destination. */
    private void assertSameTable(String db, String dstDb, String table, String dstTable) {
        assertEquals(columns(source, db, table), columns(destination, dstDb, dstTable), "columns");
        assertTrue(columns(destination, dstDb, dstTable).contains("note varchar(16) NO none"),
                "the new column: " + columns(destination, dstDb, dstTable));
        assertEquals(indexes(source, db, table), indexes(destination, dstDb, dstTable), "indexes");
        String cols = "id, qty, amount, label, note";
        assertEquals(rows(source, "SELECT " + cols + " FROM `" + db + "`.`" + table + "` ORDER BY id"),
                rows(destination, "SELECT " + cols + " FROM `" + dstDb + "`.`" + dstTable + "` ORDER BY id"),
                "rows");
        assertEquals(List.of(dstTable), destination.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                        + "TABLE_SCHEMA = ? ORDER BY 1", dstDb).stream().map(r -> r.get("TABLE_NAME").toString()).toList(),
                "destination tables");
    }

    private static String columns(dev.sluice.testing.DbServer s, String db, String table) {
        return s.query("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS "
                        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", db, table).stream()
                .map(r -> r.get("COLUMN_NAME") + " " + r.get("COLUMN_TYPE").toString().replaceAll("int\\(\\d+\\)", "int")
                        + " " + r.get("IS_NULLABLE") + " " + r.get("COLUMN_DEFAULT")).collect(Collectors.joining(", "));
    }

    private static String indexes(dev.sluice.testing.DbServer s, String db, String table) {
        return s.query("SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols FROM "
                        + "information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? GROUP BY INDEX_NAME "
                        + "ORDER BY INDEX_NAME", db, table).stream()
                .map(r -> r.get("INDEX_NAME") + "(" + r.get("cols") + ")").collect(Collectors.joining(", "));
    }

    private static List<String> rows(dev.sluice.testing.DbServer s, String sql) {
        return s.query(sql).stream().map(r -> r.values().stream().map(String::valueOf)
                .collect(Collectors.joining("|"))).toList();
    }
}
