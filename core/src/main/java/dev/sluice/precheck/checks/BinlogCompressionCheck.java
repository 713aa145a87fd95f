package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/**
 * MySQL 8.0.20+ can compress transactions into TRANSACTION_PAYLOAD events. Sluice decompresses them, but each
 * payload is decompressed whole in memory, and other binlog consumers of the source may not read them.
 */
public final class BinlogCompressionCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.binlog.transaction_compression";
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
        return List.of(CheckResult.warn(id(), "binlog_transaction_compression=ON",
                "compressed transactions arrive as TRANSACTION_PAYLOAD events: Sluice decompresses each one whole in "
                        + "memory (a large transaction needs its full uncompressed size), and many binlog tools "
                        + "(DTS, older Debezium/Canal) cannot read them",
                "SET PERSIST binlog_transaction_compression = OFF;"));
    }
}
