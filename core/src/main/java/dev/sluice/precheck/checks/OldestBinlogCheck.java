package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The binlogs still on the source: oldest file, count and size; for an incremental-only task with a given start
 * (file or GTID set), whether that start is still there.
 */
public final class OldestBinlogCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.oldest";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var s = ctx.source();
        List<Map<String, Object>> logs;
        try {
            logs = s.query("SHOW BINARY LOGS");
        } catch (SQLException e) {
            if (!s.isOn("log_bin")) {
                return List.of(CheckResult.fail(id(), "no binary logs (log_bin=OFF)",
                        "see source.binlog.enabled", "enable log_bin on the source"));
            }
            return List.of(CheckResult.fail(id(), "SHOW BINARY LOGS failed: " + e.getMessage(),
                    "Sluice lists the binlogs to find its start position",
                    "GRANT REPLICATION CLIENT ON *.* TO " + s.privileges().quotedAccount() + ";"));
        }
        if (logs.isEmpty()) {
            return List.of(CheckResult.fail(id(), "the source lists no binary logs", "there is nothing to replicate",
                    "enable log_bin on the source"));
        }
        String oldest = String.valueOf(logs.get(0).get("LOG_NAME"));
        long total = logs.stream().mapToLong(r -> ((Number) r.get("FILE_SIZE")).longValue()).sum();
        String found = "oldest binlog " + oldest + ", " + logs.size() + " files, "
                + String.format(java.util.Locale.ROOT, "%.1f MB", total / 1048576.0);
        IncrementalOptions inc = ctx.spec().optionsOrDefaults().incrementalOrDefault();
        if (inc.startFile() != null) {
            boolean present = logs.stream().anyMatch(r -> inc.startFile().equals(String.valueOf(r.get("LOG_NAME"))));
            if (!present) {
                return List.of(CheckResult.fail(id(), found + "; start_file " + inc.startFile() + " is not on the "
                                + "server", "the task's start position was purged (or never existed); the changes "
                                + "since then cannot be read",
                        "choose a start_file from SHOW BINARY LOGS (oldest " + oldest + ") or run a full + "
                                + "incremental task instead"));
            }
        }
        if (inc.startGtidSet() != null && !s.info().isMariaDb()) {
            String ok = s.queryValue("SELECT GTID_SUBSET(@@GLOBAL.gtid_purged, ?)", inc.startGtidSet());
            if (!"1".equals(ok)) {
                return List.of(CheckResult.fail(id(), found + "; gtid_purged " + s.variable("gtid_purged").orElse("")
                                + " is not contained in start_gtid_set",
                        "transactions after the start GTID set were already purged from the binlogs",
                        "choose a start_gtid_set that contains @@GLOBAL.gtid_purged, or run a full + incremental task"));
            }
        }
        return List.of(CheckResult.pass(id(), found));
    }
}
