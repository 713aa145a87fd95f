package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import java.util.ArrayList;
import java.util.List;

/** Generated columns are not copied; the destination computes them, so their expression must work there. */
public final class GeneratedColumnsCheck implements Check {
    @Override
    public String id() {
        return "objects.generated_columns";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<String> found = new ArrayList<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            for (Column c : ctx.inventory().columns(t)) {
                if (c.generated()) {
                    found.add(t.qualified() + "." + c.name() + " " + c.generation() + " GENERATED AS ("
                            + c.generationExpression() + ")");
                }
            }
        }
        if (found.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no generated columns in the selected tables"));
        }
        return List.of(CheckResult.warn(id(), found.size() + " generated column" + (found.size() == 1 ? "" : "s")
                        + ": " + String.join("; ", found),
                "Sluice leaves them out of the copy and the binlog apply and the destination computes them: the "
                        + "expression must exist there with the same result (functions, collations and JSON "
                        + "behaviour differ between versions and between MySQL and MariaDB)",
                "none if the destination evaluates the expressions the same way; verify with a checksum of the "
                        + "generated columns after the copy"));
    }
}
