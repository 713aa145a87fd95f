package dev.sluice.precheck.checks;

import dev.sluice.binlog.BinlogPurgedException;
import dev.sluice.binlog.BinlogTimeLocator;
import dev.sluice.binlog.ServerIds;
import dev.sluice.binlog.StartPosition;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;
import dev.sluice.task.StartTimestamp;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * For an incremental-only task with {@code options.incremental.start_timestamp}: the time is readable, not ahead of
 * the source's clock and not older than the oldest binlog still on the source; reports the binlog position (and
 * GTIDs) the task will start at.
 */
public final class StartTimestampCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.start_timestamp";
    }

    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        String t = ctx.spec().optionsOrDefaults().incrementalOrDefault().startTimestamp();
        return super.appliesTo(ctx) && !ctx.has(MigrationType.FULL) && t != null && !t.isBlank();
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        IncrementalOptions inc = ctx.spec().optionsOrDefaults().incrementalOrDefault();
        Instant at;
        try {
            at = StartTimestamp.parse(inc.startTimestamp());
        } catch (IllegalArgumentException e) {
            return List.of(CheckResult.fail(id(), "start_timestamp '" + inc.startTimestamp() + "' is not readable",
                    "the task cannot find where to start", "use " + StartTimestamp.FORMATS));
        }
        var s = ctx.source();
        long readerId = inc.serverId() != null ? inc.serverId() : ServerIds.forTask(ctx.spec().name());
        BinlogTimeLocator locator = new BinlogTimeLocator(s.endpoint(), ServerIds.forTimeLookup(readerId));
        StartPosition p;
        try {
            p = locator.locate(s.connection(), s.info(), at);
        } catch (BinlogPurgedException e) {
            return List.of(CheckResult.fail(id(), e.getMessage(), "the changes since that time cannot be read",
                    "run a full + incremental task, or give a later start_timestamp"));
        } catch (IllegalArgumentException e) {
            return List.of(CheckResult.fail(id(), e.getMessage(), "the time has not come yet on the source",
                    "give a time that has passed (UTC unless an offset is given)"));
        } catch (IOException e) {
            return List.of(CheckResult.fail(id(), "reading the binlogs failed: " + e.getMessage(),
                    "Sluice reads the binlogs (as a replica does) to find where the time falls",
                    "GRANT REPLICATION SLAVE ON *.* TO " + s.privileges().quotedAccount() + ";"));
        }
        return List.of(CheckResult.pass(id(), "start_timestamp " + at + " starts at " + p.file() + ":"
                + p.position() + (p.usesGtid() ? " (after GTIDs " + p.gtidSet() + ")" : "")
                + (p.origin().endsWith(BinlogTimeLocator.NOTHING_SINCE) ? "; nothing was logged since that time" : "")));
    }
}
