package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** Sluice applies updates and deletes by the full before image: binlog_row_image must be FULL. */
public final class BinlogRowImageCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.row_image";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        String v = ctx.source().variable("binlog_row_image").orElse("FULL");
        if (v.equalsIgnoreCase("FULL")) {
            return List.of(CheckResult.pass(id(), "binlog_row_image=FULL"));
        }
        return List.of(CheckResult.fail(id(), "binlog_row_image=" + v,
                "MINIMAL/NOBLOB images leave out unchanged columns, so an update cannot be applied to a table "
                        + "without a key and columns the destination needs are missing",
                "SET GLOBAL binlog_row_image = 'FULL'; (and binlog_row_image=FULL in my.cnf)"));
    }
}
