package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.List;

/** A read-only destination (read_only, super_read_only, innodb_read_only) rejects every write Sluice makes. */
public final class ReadOnlyCheck implements Check {
    @Override
    public String id() {
        return "destination.read_only";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        var d = ctx.destination();
        List<String> on = new ArrayList<>();
        for (String v : new String[] {"read_only", "super_read_only", "innodb_read_only"}) {
            if (d.isOn(v)) {
                on.add(v + "=ON");
            }
        }
        if (on.isEmpty()) {
            return List.of(CheckResult.pass(id(), "read_only=OFF"));
        }
        boolean innodb = on.contains("innodb_read_only=ON");
        return List.of(CheckResult.fail(id(), String.join(", ", on),
                "the destination refuses writes (a replica or a stand-by?); read_only also blocks accounts without "
                        + "SUPER/CONNECTION_ADMIN, super_read_only blocks everyone",
                innodb ? "remove innodb_read_only from the destination's my.cnf and restart it"
                        : "check this is the intended destination, then SET GLOBAL super_read_only = OFF; "
                          + "SET GLOBAL read_only = OFF; (and in my.cnf)"));
    }
}
