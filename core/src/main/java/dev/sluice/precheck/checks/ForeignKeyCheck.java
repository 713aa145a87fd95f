package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Foreign keys with cascading actions (their child-row changes are not in the binlog, and binlog rows are applied
 * with foreign_key_checks=0) and foreign keys whose parent
 * table is not selected (they cannot be created on the destination).
 */
public final class ForeignKeyCheck implements Check {
    @Override
    public String id() {
        return "objects.foreign_keys";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Set<String> selected = ctx.selectedTables().stream().map(Inventory.Table::qualified).collect(Collectors.toSet());
        List<CheckResult> out = new ArrayList<>();
        for (Inventory.ForeignKey fk : ctx.inventory().foreignKeys()) {
            String name = fk.db() + "." + fk.table() + " " + fk.name() + " -> " + fk.refDb() + "." + fk.refTable();
            String parent = fk.refDb() + "." + fk.refTable();
            if (!selected.contains(parent)) {
                out.add(CheckResult.fail(id(), name + ": the parent table is not selected",
                        "the foreign key cannot be created on the destination without its parent table, and rows "
                                + "copied without the parent rows violate it",
                        "add " + parent + " to the task's objects, or drop the constraint: ALTER TABLE `" + fk.db()
                                + "`.`" + fk.table() + "` DROP FOREIGN KEY `" + fk.name() + "`;"));
            }
            List<String> rules = new ArrayList<>();
            if (!isPlain(fk.deleteRule())) {
                rules.add("ON DELETE " + fk.deleteRule());
            }
            if (!isPlain(fk.updateRule())) {
                rules.add("ON UPDATE " + fk.updateRule());
            }
            if (!rules.isEmpty()) {
                out.add(CheckResult.warn(id(), name + " " + String.join(" ", rules),
                        "InnoDB performs cascades below the binlog: the binlog holds the parent row change only, "
                                + "and Sluice applies rows with foreign_key_checks=0, so child rows the cascade "
                                + "changes on the source stay unchanged on the destination during the incremental phase",
                        "run `sluice verify` on the child tables before cutover, or have the application delete/"
                                + "update child rows explicitly instead of relying on the cascade"));
            }
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), ctx.inventory().foreignKeys().size()
                    + " foreign keys, none cascading, all parents selected"));
        }
        return out;
    }

    private static boolean isPlain(String rule) {
        return rule == null || rule.equalsIgnoreCase("RESTRICT") || rule.equalsIgnoreCase("NO ACTION");
    }
}
