package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;

/** Base of checks that only apply when the task selects incremental (binlog) migration. */
abstract class IncrementalCheck implements Check {
    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        return ctx.has(MigrationType.INCREMENTAL);
    }
}
