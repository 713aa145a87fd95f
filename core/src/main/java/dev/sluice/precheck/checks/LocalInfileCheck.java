package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;
import java.util.List;

/** The full copy loads chunks fastest with LOAD DATA LOCAL INFILE, which needs local_infile=ON on the destination. */
public final class LocalInfileCheck implements Check {
    @Override
    public String id() {
        return "destination.local_infile";
    }

    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        return ctx.has(MigrationType.FULL);
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        if (ctx.destination().isOn("local_infile")) {
            return List.of(CheckResult.pass(id(), "local_infile=ON"));
        }
        return List.of(CheckResult.warn(id(), "local_infile=OFF",
                "LOAD DATA LOCAL INFILE is refused, so chunks are written with batched multi-row INSERTs, which "
                        + "are several times slower for large tables",
                "SET PERSIST local_infile = ON; (5.7/MariaDB: SET GLOBAL local_infile = 1 and local_infile=1 in my.cnf)"));
    }
}
