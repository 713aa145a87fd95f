package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** binlog_row_value_options=PARTIAL_JSON logs JSON updates as diffs that Sluice cannot apply as whole rows. */
public final class BinlogRowValueOptionsCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.row_value_options";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var v = ctx.source().variable("binlog_row_value_options");
        if (v.isEmpty() || v.get().isBlank()) {
            return List.of(CheckResult.pass(id(), "binlog_row_value_options is empty (whole JSON values logged)"));
        }
        return List.of(CheckResult.fail(id(), "binlog_row_value_options=" + v.get(),
                "PARTIAL_JSON logs JSON_SET/JSON_REPLACE updates as partial diffs (PARTIAL_UPDATE_ROWS events); "
                        + "the after image does not hold the full JSON document",
                "SET PERSIST binlog_row_value_options = '';"));
    }
}
