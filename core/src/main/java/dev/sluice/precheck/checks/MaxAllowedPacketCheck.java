package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** Rows and statements the source accepted must fit the destination's max_allowed_packet. */
public final class MaxAllowedPacketCheck implements Check {
    @Override
    public String id() {
        return "destination.max_allowed_packet";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        long src = ctx.source().longVariable("max_allowed_packet", 0);
        long dst = ctx.destination().longVariable("max_allowed_packet", 0);
        String found = "destination " + dst + " bytes (" + (dst >> 20) + " MB), source " + src + " bytes ("
                + (src >> 20) + " MB)";
        if (dst >= src) {
            return List.of(CheckResult.pass(id(), found));
        }
        return List.of(CheckResult.fail(id(), found,
                "a row or a binlog event up to the source's limit (large BLOB/JSON/TEXT values) is refused by the "
                        + "destination with 'Packet too large', stopping the copy or the replication",
                "SET PERSIST max_allowed_packet = " + src + "; on the destination (5.7/MariaDB: SET GLOBAL "
                        + "max_allowed_packet = " + src + " and max_allowed_packet=" + (src >> 20) + "M in my.cnf)"));
    }
}
