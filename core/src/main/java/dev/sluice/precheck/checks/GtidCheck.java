package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/**
 * GTIDs let the replication position survive a source failover and make resume exact. MySQL: gtid_mode and
 * enforce_gtid_consistency ON; MariaDB always has GTIDs (domain-server-sequence).
 */
public final class GtidCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.gtid";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var s = ctx.source();
        if (s.info().isMariaDb()) {
            return List.of(CheckResult.pass(id(), "MariaDB GTIDs: gtid_domain_id=" + s.variable("gtid_domain_id")
                    .orElse("0") + ", gtid_binlog_pos=" + s.variable("gtid_binlog_pos").orElse("")));
        }
        String mode = s.variable("gtid_mode").orElse("OFF");
        String consistency = s.variable("enforce_gtid_consistency").orElse("OFF");
        if (mode.equalsIgnoreCase("ON") && consistency.equalsIgnoreCase("ON")) {
            return List.of(CheckResult.pass(id(), "gtid_mode=ON, enforce_gtid_consistency=ON"));
        }
        return List.of(CheckResult.warn(id(), "gtid_mode=" + mode + ", enforce_gtid_consistency=" + consistency,
                "without GTIDs Sluice tracks binlog file and position, which do not survive a failover to another "
                        + "source server (the task must then restart with a new full copy)",
                "SET PERSIST enforce_gtid_consistency = ON; then step gtid_mode OFF -> OFF_PERMISSIVE -> "
                        + "ON_PERMISSIVE -> ON with SET PERSIST gtid_mode = ... (wait for "
                        + "Ongoing_anonymous_transaction_count = 0 before ON)"));
    }
}
