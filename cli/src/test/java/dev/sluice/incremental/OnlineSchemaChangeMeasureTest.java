package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.state.ReplicationStatus;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement of ADR 0090 (skipped unless {@code -Dsluice.bench.osc=true}): pt-online-schema-change's
 * sequence on a 100,000-row table ({@code -Dosc.rows}) while a task replicates, {@code online_ddl: off} against
 * {@code auto}, twice; prints one {@code MEASURE} line per run and checks the destination's row count.
 */
@EnabledIfSystemProperty(named = "sluice.bench.osc", matches = "true")
class OnlineSchemaChangeMeasureTest extends ReplicationPairTest {
    OnlineSchemaChangeMeasureTest() {
        super(Flavor.MYSQL_80, Flavor.MYSQL_80, "sluice-osc-measure");
    }

    @Test
    void measure() throws Exception {
        int n = Integer.getInteger("osc.rows", 100_000);
        for (int round = 0; round < 2; round++) {
            for (TaskOptions.OnlineDdl mode : List.of(TaskOptions.OnlineDdl.OFF, TaskOptions.OnlineDdl.AUTO)) {
                one(mode, n);
            }
        }
    }

    private void one(TaskOptions.OnlineDdl mode, int n) throws Exception {
        String db = TestNames.unique("oscm");
        String ddl = "CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, qty INT NOT NULL, "
                + "amount DECIMAL(10,2) NOT NULL, label VARCHAR(20) NULL)";
        String fill = "INSERT INTO orders (id, qty, amount, label) WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL "
                + "SELECT n + 1 FROM seq WHERE n < " + n + ") SELECT n, n % 17, n + 0.25, CONCAT('r', n) FROM seq";
        for (var s : List.of(source, destination)) {
            s.execute("CREATE DATABASE `" + db + "`");
            s.executeIn(db, ddl, "SET SESSION cte_max_recursion_depth = 10000000", fill);
        }
        Path password = ReplicationFixture.passwordFile(tmp);
        TaskSpec spec = new TaskSpec("m", ReplicationFixture.endpoint(source, password),
                ReplicationFixture.endpoint(destination, password), Set.of(MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null,
                new TaskOptions(null, null, null, null, ReplicationFixture.startHere(source, true), null, null, mode));
        String taskId = state.createTask(spec);
        Replicator r = new Replicator(taskId, spec, state.state(taskId),
                ReplicationFixture.config(4, 20000, Duration.ofMinutes(10)));
        ReplicationFixture.SliceRun run = new ReplicationFixture.SliceRun(r);
        while (r.openedNanos() == 0) {
            Thread.sleep(10);
        }
        String t = "`" + db + "`.`orders`";
        String neu = "`" + db + "`.`_orders_new`";
        String cols = "`id`, `qty`, `amount`, `label`";
        String vals = "NEW.`id`, NEW.`qty`, NEW.`amount`, NEW.`label`";
        String prefix = "pt_osc_" + db + "_orders";
        long t0 = System.nanoTime();
        try (Connection c = source.connect(db)) {
            OnlineSchemaChangeTools.exec(c, "CREATE TABLE " + neu + " (\n  `id` int NOT NULL AUTO_INCREMENT,\n"
                    + "  `qty` int NOT NULL,\n  `amount` decimal(10,2) NOT NULL,\n  `label` varchar(20) DEFAULT NULL,\n"
                    + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
            OnlineSchemaChangeTools.exec(c, "ALTER TABLE " + neu + " ADD COLUMN note VARCHAR(16) NOT NULL DEFAULT "
                    + "'none', ADD INDEX ix_qty (qty)");
            OnlineSchemaChangeTools.exec(c, "CREATE TRIGGER `" + prefix + "_del` AFTER DELETE ON " + t
                    + " FOR EACH ROW DELETE IGNORE FROM " + neu + " WHERE " + neu + ".`id` <=> OLD.`id`");
            OnlineSchemaChangeTools.exec(c, "CREATE TRIGGER `" + prefix + "_ins` AFTER INSERT ON " + t
                    + " FOR EACH ROW REPLACE INTO " + neu + " (" + cols + ") VALUES (" + vals + ")");
            for (long lo = 1; lo <= n; lo += 10_000) {
                OnlineSchemaChangeTools.exec(c, "INSERT LOW_PRIORITY IGNORE INTO " + neu + " (" + cols + ") SELECT "
                        + cols + " FROM " + t + " FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '" + lo + "')) AND ((`id` "
                        + "<= '" + (lo + 9999) + "')) LOCK IN SHARE MODE /*pt-online-schema-change copy nibble*/");
            }
            OnlineSchemaChangeTools.exec(c, "RENAME TABLE " + t + " TO `" + db + "`.`_orders_old`, " + neu + " TO "
                    + t);
            OnlineSchemaChangeTools.exec(c, "DROP TABLE IF EXISTS `" + db + "`.`_orders_old`");
            OnlineSchemaChangeTools.exec(c, "DROP TRIGGER IF EXISTS `" + db + "`.`" + prefix + "_del`");
            OnlineSchemaChangeTools.exec(c, "DROP TRIGGER IF EXISTS `" + db + "`.`" + prefix + "_ins`");
            OnlineSchemaChangeTools.exec(c, "INSERT INTO orders (qty, amount, label, note) VALUES (1, 1, 'x', 'y')");
        }
        long t1 = System.nanoTime();
        run.awaitCaughtUp(source, Duration.ofMinutes(8));
        long t2 = System.nanoTime();
        ReplicationStatus st = r.status();
        run.stop(state, taskId, 60_000);
        String line = String.format("MEASURE mode=%s rows=%d tool=%.2fs caughtUpAfterTool=%.2fs total=%.2fs "
                        + "rowsApplied=%d ddl=%d skippedDdl=%d dstRows=%s", mode.yamlName(), n, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, (t2 - t0) / 1e9, st.rows(), st.ddl(), st.skippedDdl(),
                destination.queryValue("SELECT COUNT(*) FROM " + t));
        System.out.println(line);
        assertEquals(n + 1L, destination.queryLong("SELECT COUNT(*) FROM " + t), line);
        assertEquals(mode == TaskOptions.OnlineDdl.AUTO ? 1 : 4, st.ddl(), line);
    }
}
