package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** Incremental migration reads the source binlog, so log_bin must be ON. */
public final class BinlogEnabledCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.enabled";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        if (ctx.source().isOn("log_bin")) {
            return List.of(CheckResult.pass(id(), "log_bin=ON (" + ctx.source().variable("log_bin_basename")
                    .orElse("?") + ")"));
        }
        return List.of(CheckResult.fail(id(), "log_bin=OFF on the source",
                "incremental migration replays the source's binary log; without it there is nothing to read",
                "add to the source's my.cnf [mysqld]: log_bin=mysql-bin and server_id=<unique number>, then restart"
                        + " mysqld (log_bin cannot be turned on at runtime)"));
    }
}
