package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** Row events are the only binlog content Sluice can apply: binlog_format must be ROW. */
public final class BinlogFormatCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.format";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        String f = ctx.source().variable("binlog_format").orElse("?");
        if (f.equalsIgnoreCase("ROW")) {
            return List.of(CheckResult.pass(id(), "binlog_format=ROW"));
        }
        return List.of(CheckResult.fail(id(), "binlog_format=" + f,
                "with STATEMENT or MIXED the binlog holds SQL text instead of row images; Sluice needs the rows "
                        + "(statements such as UPDATE ... LIMIT or NOW() would give different results on the destination)",
                "SET GLOBAL binlog_format = 'ROW'; (and binlog_format=ROW in my.cnf; sessions already open keep "
                        + "the old format until they reconnect)"));
    }
}
