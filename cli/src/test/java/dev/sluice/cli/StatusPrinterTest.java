package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.control.TaskControl.TaskView;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.cutover.CutoverRecord;
import dev.sluice.verification.TableReport;
import dev.sluice.verification.VerifyProgress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What 'sluice status' says about cutover, the source's read-only state and verification runs (issue 16). */
class StatusPrinterTest {
    static final TaskSpec SPEC = TaskFiles.parse("""
            name: shop
            source: {host: 10.0.0.5, user: sluice, password: env:PW}
            destination: {host: 10.0.0.6, user: sluice, password: env:PW}
            types: [full, incremental]
            objects: [{database: shop}]
            """, "test");

    static TaskRecord task(TaskStatus status, Instant cutOverAt) {
        Instant t = Instant.parse("2026-12-02T08:00:00Z");
        return new TaskRecord("shop-1234abcd", SPEC, status, Phase.INCREMENTAL, cutOverAt != null, null, null, t, t, 3,
                cutOverAt);
    }

    static TableReport equalTable() {
        return new TableReport("shop.t", "shop.t", List.of("id"), "checksum", 3, 3, 1, 0, 0, 0, 0, List.of(), 0, 0.1,
                null);
    }

    static String render(TaskRecord t, List<TableReport> verify, VerifyProgress.Snapshot run, CutoverRecord c) {
        return StatusPrinter.render(new TaskView(t, null, null, null, null, List.of(), null, null, verify, run, c),
                false);
    }

    /** Regression: a finished cutover showed STOPPED; nothing said the source was read-only because of Sluice. */
    @Test
    void cutOverTaskAndReadOnlySourceAreShown() {
        Instant at = Instant.now().minusSeconds(60);
        String done = render(task(TaskStatus.CUT_OVER, at), List.of(), null, new CutoverRecord(
                CutoverRecord.State.CUT_OVER, "10.0.0.5:3306", false, false, at.minusSeconds(5), at, 4.2, null));
        assertTrue(done.contains("CUT_OVER") && done.contains("cut over at " + at)
                && done.contains("writes stopped for 4.2 s"), done);
        String stuck = render(task(TaskStatus.RUNNING, null), List.of(), null, new CutoverRecord(
                CutoverRecord.State.READ_ONLY, "10.0.0.5:3306", false, false, at, null, null, null));
        assertTrue(stuck.contains("WARNING: SOURCE 10.0.0.5:3306 IS READ-ONLY because of Sluice's cutover, since " + at),
                stuck);
        assertTrue(stuck.contains("sluice cutover shop-1234abcd --abort"), stuck);
    }

    /** Regression: the last verify had no time (and read as current after a table was dropped); no progress. */
    @Test
    void verificationShowsProgressWhileRunningAndTheTimeOfTheLastResult() {
        Instant started = Instant.now().minusSeconds(30);
        String running = render(task(TaskStatus.RUNNING, null), List.of(), new VerifyProgress.Snapshot("cutover verify",
                started, Instant.now(), null, 16, 3, 40, 12, 123_456, null), null);
        assertTrue(running.contains("verify: cutover verify running for 30 s: 3/16 tables, 12/40 chunks, 123,456 rows "
                + "compared"), running);
        Instant finished = Instant.now().minusSeconds(3600);
        String last = render(task(TaskStatus.RUNNING, null), List.of(equalTable()), new VerifyProgress.Snapshot(
                "verify", finished.minusSeconds(5), finished, finished, 1, 1, 1, 1, 3, "equal"), null);
        assertTrue(last.contains("last verify as of " + finished + " (1h ago, verify)"), last);
        assertTrue(last.contains("no differences then") && last.contains("compares again now"), last);
        assertFalse(last.contains("running for"), last);
    }

    /** Regression (issue 14): a FAILED task whose last mirrored status was caught up said "not delayed". */
    @Test
    void aFailedTaskIsNotReplicatingRatherThanNotDelayed() {
        Instant at = Instant.parse("2026-12-02T09:00:00Z");
        dev.sluice.state.ReplicationStatus r = new dev.sluice.state.ReplicationStatus("binlog.000003", 4,
                0, null, at, 0, true, 10, 20, 0, 0, null, null, null, at);
        String failed = StatusPrinter.render(new TaskView(task(TaskStatus.FAILED, null), null, null, null, null,
                List.of(), null, r, List.of(), null, null), false);
        assertFalse(failed.contains("not delayed"), failed);
        assertTrue(failed.contains("replication: not replicating (task FAILED); last update " + at + ": delay 0.0 s"),
                failed);
        String running = StatusPrinter.render(new TaskView(task(TaskStatus.RUNNING, null), null, null, null, null,
                List.of(), null, r, List.of(), null, null), false);
        assertTrue(running.contains("replication: not delayed"), running);
    }
}
