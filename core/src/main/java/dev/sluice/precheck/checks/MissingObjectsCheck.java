package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.ObjectSelection;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects the task names that the source does not have (or the source account cannot see): databases, tables and
 * columns named exactly fail, patterns that match nothing warn, and a selection of nothing fails.
 */
public final class MissingObjectsCheck implements Check {
    @Override
    public String id() {
        return "objects.missing";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Inventory inv = ctx.inventory();
        List<CheckResult> out = new ArrayList<>();
        List<ObjectSelection> sels = ctx.spec().objects() == null ? List.of() : ctx.spec().objects();
        String hint = " (or the source account cannot see it: it needs a privilege on it)";
        for (ObjectSelection s : sels) {
            List<Inventory.Database> dbs = inv.allDatabases().stream()
                    .filter(d -> ObjectFilter.matches(s.database(), d.name())).toList();
            if (dbs.isEmpty()) {
                out.add(ObjectFilter.isPattern(s.database())
                        ? CheckResult.warn(id(), "database pattern " + s.database() + " matches no database",
                        "nothing is migrated for this entry", "check objects[].database in the task file")
                        : CheckResult.fail(id(), "database " + s.database() + " does not exist on the source" + hint,
                        "the task names a database that is not there", "fix objects[].database in the task file"));
                continue;
            }
            for (String table : s.tablesOrAll()) {
                boolean any = false;
                for (Inventory.Database d : dbs) {
                    any |= inv.tables().stream().anyMatch(t -> t.db().equals(d.name())
                            && ObjectFilter.matches(table, t.name()))
                            || inv.views().stream().anyMatch(v -> v.db().equals(d.name())
                            && ObjectFilter.matches(table, v.name()));
                }
                if (!any && !table.equals("*")) {
                    out.add(ObjectFilter.isPattern(table)
                            ? CheckResult.warn(id(), "table pattern " + s.database() + "." + table
                            + " matches no table", "nothing is migrated for it", "check objects[].tables")
                            : CheckResult.fail(id(), "table " + s.database() + "." + table
                            + " does not exist on the source" + hint, "the task names a table that is not there",
                            "fix objects[].tables in the task file"));
                }
            }
            s.columnsOrNone().forEach((table, cols) -> {
                for (Inventory.Table t : inv.tables()) {
                    if (!ObjectFilter.matches(s.database(), t.db()) || !t.name().equals(table)) {
                        continue;
                    }
                    for (String col : cols) {
                        if (inv.columns(t).stream().noneMatch(c -> c.name().equalsIgnoreCase(col))) {
                            out.add(CheckResult.fail(id(), "column " + t.qualified() + "." + col
                                    + " does not exist on the source", "the task selects a column that is not there",
                                    "fix objects[].columns in the task file"));
                        }
                    }
                }
            });
        }
        if (inv.tables().isEmpty() && inv.views().isEmpty()) {
            out.add(CheckResult.fail(id(), "the task selects no table or view on the source",
                    "there is nothing to migrate", "check objects: in the task file and the source account's privileges"));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), inv.databases().size() + " databases, " + inv.tables().size()
                    + " tables, " + inv.views().size() + " views selected; everything named exists"));
        }
        return out;
    }
}
