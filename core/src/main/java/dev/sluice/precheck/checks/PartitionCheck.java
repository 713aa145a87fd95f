package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** Partitioned tables: created with the same partitioning; partition maintenance during the migration is DDL. */
public final class PartitionCheck implements Check {
    @Override
    public String id() {
        return "objects.partitioned";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<String> tables = ctx.selectedTables().stream().filter(Inventory.Table::partitioned)
                .map(Inventory.Table::qualified).toList();
        if (tables.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no partitioned tables selected"));
        }
        return List.of(CheckResult.warn(id(), tables.size() + " partitioned table" + (tables.size() == 1 ? "" : "s")
                        + ": " + String.join(", ", tables),
                "they are created with the source's partitioning and copied by key range across partitions; "
                        + "ADD/DROP/REORGANIZE PARTITION run by maintenance jobs during the migration are replicated "
                        + "as DDL, and a DROP PARTITION on the source removes rows on the destination too",
                "pause partition maintenance jobs (e.g. rolling DROP PARTITION) until cutover, or run them on both "
                        + "sides deliberately"));
    }
}
