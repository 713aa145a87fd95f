package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/**
 * binlog_row_metadata=FULL (MySQL 8.0.1+, MariaDB 10.5+) puts column names and key information into the binlog,
 * so rows can be decoded without a schema history; MINIMAL works but depends on Sluice's schema history.
 */
public final class BinlogRowMetadataCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.row_metadata";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var v = ctx.source().variable("binlog_row_metadata");
        if (v.isEmpty()) {
            return List.of(CheckResult.pass(id(), ctx.source().info().describe() + " has no binlog_row_metadata; "
                    + "rows are decoded with Sluice's schema history"));
        }
        if (v.get().equalsIgnoreCase("FULL")) {
            return List.of(CheckResult.pass(id(), "binlog_row_metadata=FULL"));
        }
        return List.of(CheckResult.warn(id(), "binlog_row_metadata=" + v.get(),
                "without FULL metadata the binlog carries no column names; Sluice decodes rows with its schema "
                        + "history, which is exposed to DDL it did not see (e.g. during a stop)",
                "SET PERSIST binlog_row_metadata = 'FULL'; (MariaDB: SET GLOBAL and binlog_row_metadata=FULL in my.cnf)"));
    }
}
