package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** MySQL 8.0.20+ can compress transactions into TRANSACTION_PAYLOAD events; Sluice needs plain row events. */
public final class BinlogCompressionCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.transaction_compression";
    }

    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        return super.appliesTo(ctx);
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var v = ctx.source().variable("binlog_transaction_compression");
        if (v.isEmpty()) {
            return List.of(CheckResult.pass(id(), ctx.source().info().describe()
                    + " has no binlog transaction compression"));
        }
        if (!ctx.source().isOn("binlog_transaction_compression")) {
            return List.of(CheckResult.pass(id(), "binlog_transaction_compression=OFF"));
        }
        return List.of(CheckResult.fail(id(), "binlog_transaction_compression=ON",
                "compressed transactions arrive as TRANSACTION_PAYLOAD events that DTS-style binlog readers, Sluice "
                        + "included, do not decode; their rows would be skipped",
                "SET PERSIST binlog_transaction_compression = OFF;"));
    }
}
