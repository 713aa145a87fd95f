package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Binlogs must outlive the full copy: the incremental phase starts at the position taken before the copy. FAIL
 * when retention is shorter than the estimated copy time with margin; WARN below DTS's guidance (24 h for
 * incremental only, 7 days with a full copy).
 */
public final class BinlogRetentionCheck extends IncrementalCheck {
    /** Conservative full-copy throughput used for the estimate (all workers together). */
    public static final long ASSUMED_COPY_BYTES_PER_SECOND = 10L << 20;
    static final Duration INCREMENTAL_ONLY_GUIDANCE = Duration.ofHours(24);
    static final Duration WITH_FULL_GUIDANCE = Duration.ofDays(7);

    @Override
    public String id() {
        return "source.binlog.retention";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var s = ctx.source();
        long seconds = s.longVariable("binlog_expire_logs_seconds", 0);
        String setting = "binlog_expire_logs_seconds=" + seconds;
        if (seconds == 0) {
            double days = 0;
            var v = s.variable("expire_logs_days");
            if (v.isPresent() && !v.get().isBlank()) {
                days = Double.parseDouble(v.get().trim());
            }
            seconds = (long) (days * 86400);
            setting = (s.variable("binlog_expire_logs_seconds").isPresent() ? setting + ", " : "")
                    + "expire_logs_days=" + v.orElse("0");
        }
        if (s.variable("binlog_expire_logs_auto_purge").isPresent() && !s.isOn("binlog_expire_logs_auto_purge")) {
            seconds = 0;
            setting += ", binlog_expire_logs_auto_purge=OFF";
        }
        boolean full = ctx.has(MigrationType.FULL);
        long bytes = full ? ctx.inventory().totalBytes() : 0;
        Duration copy = Duration.ofSeconds(bytes / ASSUMED_COPY_BYTES_PER_SECOND);
        Duration needed = copy.multipliedBy(2).plusHours(1);
        Duration guidance = full ? WITH_FULL_GUIDANCE : INCREMENTAL_ONLY_GUIDANCE;
        String estimate = full ? String.format(Locale.ROOT, "; estimated full copy %s for %.1f MB at %d MB/s",
                human(copy), bytes / 1048576.0, ASSUMED_COPY_BYTES_PER_SECOND >> 20) : "";
        if (seconds == 0) {
            return List.of(CheckResult.pass(id(), setting + " (binlogs are never purged automatically; watch the "
                    + "disk)" + estimate));
        }
        Duration retention = Duration.ofSeconds(seconds);
        String found = setting + " (" + human(retention) + ")" + estimate;
        String fix = "SET PERSIST binlog_expire_logs_seconds = " + Math.max(guidance.toSeconds(), needed.toSeconds())
                + "; (5.7: SET GLOBAL expire_logs_days = " + Math.max(guidance.toDays(), needed.toDays() + 1)
                + " and in my.cnf)";
        if (retention.compareTo(needed) < 0) {
            return List.of(CheckResult.fail(id(), found, "binlogs written while the copy runs would be purged before "
                    + "the incremental phase reads them; the task would have to start over", fix));
        }
        if (retention.compareTo(guidance) < 0) {
            return List.of(CheckResult.warn(id(), found, "below the " + human(guidance) + " DTS recommends for "
                    + (full ? "full + incremental" : "incremental-only") + " tasks: a stop, a slow copy or a "
                    + "paused task for longer than the retention loses the position", fix));
        }
        return List.of(CheckResult.pass(id(), found));
    }

    static String human(Duration d) {
        if (d.toDays() >= 1) {
            return String.format(Locale.ROOT, "%.1f days", d.toSeconds() / 86400.0);
        }
        if (d.toHours() >= 1) {
            return String.format(Locale.ROOT, "%.1f h", d.toSeconds() / 3600.0);
        }
        return d.toMinutes() + " min";
    }
}
