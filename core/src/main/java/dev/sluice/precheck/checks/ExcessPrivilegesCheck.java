package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.precheck.Privileges;
import dev.sluice.precheck.ServerSide;
import java.util.ArrayList;
import java.util.List;

/** Warns when an endpoint account holds far more than a migration needs (ALL or SUPER on *.*, FILE, ...). */
public final class ExcessPrivilegesCheck implements Check {
    static final List<String> DANGEROUS = List.of("SUPER", "FILE", "SHUTDOWN", "CREATE USER", "GRANT OPTION",
            "PROCESS", "SYSTEM_USER", "CONNECTION_ADMIN", "ROLE_ADMIN");

    @Override
    public String id() {
        return "privileges.excessive";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<CheckResult> out = new ArrayList<>();
        for (ServerSide side : List.of(ctx.source(), ctx.destination())) {
            Privileges p = side.privileges();
            List<String> held = DANGEROUS.stream().filter(p::hasGlobal).toList();
            boolean all = p.global().size() >= 25 && p.hasGlobal("SUPER");
            if (held.isEmpty()) {
                out.add(CheckResult.pass(id(), side.role() + " " + p.account() + ": no administrative privileges"));
                continue;
            }
            out.add(CheckResult.warn(id(), side.role() + " " + p.account() + " holds "
                            + (all ? "ALL PRIVILEGES on *.* (" + p.global().size() + " global privileges) incl. " : "")
                            + String.join(", ", held) + " on *.*",
                    "a migration account with administrative rights can do far more damage than it needs to "
                            + "(a wrong task file could drop or overwrite anything); least privilege is what auditors ask",
                    "create a dedicated account with only what `sluice precheck` lists under " + side.role()
                            + ".privileges, e.g. REVOKE " + String.join(", ", held) + " ON *.* FROM "
                            + p.quotedAccount() + ";"));
        }
        return out;
    }
}
