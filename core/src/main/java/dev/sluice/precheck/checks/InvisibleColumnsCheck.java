package dev.sluice.precheck.checks;

import dev.sluice.db.ServerInfo;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Invisible columns (MySQL 8.0.23+, MariaDB 10.3+) are skipped by SELECT *: Sluice names columns explicitly; a
 * destination without invisible columns cannot create them.
 */
public final class InvisibleColumnsCheck implements Check {
    @Override
    public String id() {
        return "objects.invisible_columns";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<String> found = new ArrayList<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            for (Column c : ctx.inventory().columns(t)) {
                if (c.invisible()) {
                    found.add(t.qualified() + "." + c.name());
                }
            }
        }
        if (found.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no invisible columns in the selected tables"));
        }
        ServerInfo d = ctx.destination().info();
        boolean supported = d.isMariaDb() ? d.compare(10, 3, 3) >= 0 : d.compare(8, 0, 23) >= 0;
        String list = String.join(", ", found);
        if (!supported) {
            return List.of(CheckResult.fail(id(), "invisible columns " + list + "; " + d.describe()
                            + " has no invisible columns",
                    "CREATE TABLE on the destination fails on the INVISIBLE attribute",
                    "ALTER TABLE ... ALTER COLUMN <col> SET VISIBLE; on the source (and check applications that "
                            + "use SELECT * or INSERT without a column list)"));
        }
        return List.of(CheckResult.warn(id(), "invisible columns " + list,
                "SELECT * and INSERT without a column list skip them; Sluice names every column, so they are "
                        + "copied, but tools and checks that use SELECT * will not see them",
                "none required; they are created INVISIBLE on the destination too"));
    }
}
