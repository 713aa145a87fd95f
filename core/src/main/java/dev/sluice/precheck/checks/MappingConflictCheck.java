package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Name mapping conflicts: two source tables (or columns) onto one target name, a mapped name that collides with a
 * destination table that is not the mapped table's own, names over 64 characters, and mapping rules that name no
 * selected object (typos).
 */
public final class MappingConflictCheck implements Check {
    @Override
    public String id() {
        return "objects.mapping";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<CheckResult> out = new ArrayList<>();
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            byTarget.computeIfAbsent(ctx.target(t), k -> new ArrayList<>()).add(t.qualified());
        }
        for (Inventory.Stored v : ctx.inventory().views()) {
            byTarget.computeIfAbsent(ctx.targetDb(v.db()) + "." + ctx.mapping().table(v.db(), v.name()),
                    k -> new ArrayList<>()).add("view " + v.qualified());
        }
        for (Map.Entry<String, List<String>> e : byTarget.entrySet()) {
            if (e.getValue().size() > 1) {
                out.add(CheckResult.fail(id(), String.join(" and ", e.getValue()) + " all map to " + e.getKey(),
                        "two source objects cannot share one destination table: rows would mix and keys collide",
                        "change mapping.databases / mapping.tables so each source object has its own target"));
            }
            String name = e.getKey().substring(e.getKey().indexOf('.') + 1);
            String db = e.getKey().substring(0, e.getKey().indexOf('.'));
            if (name.length() > 64 || db.length() > 64) {
                out.add(CheckResult.fail(id(), "target name " + e.getKey() + " is longer than 64 characters",
                        "MySQL identifiers are at most 64 characters", "choose a shorter name in mapping"));
            }
        }
        // a renamed table whose new name is an existing destination table of an unselected source table
        Set<String> unselectedTargets = ctx.inventory().unselectedTables().stream()
                .map(ctx::target).collect(Collectors.toSet());
        for (Inventory.Table t : ctx.selectedTables()) {
            String target = ctx.target(t);
            String plain = t.db() + "." + t.name();
            if (!target.equals(plain) && unselectedTargets.contains(target)) {
                out.add(CheckResult.fail(id(), t.qualified() + " maps to " + target
                                + ", the name of a source table the task leaves out",
                        "the mapped table would take the place of an unrelated table of the same database",
                        "map " + t.qualified() + " to a name no other table uses"));
            }
        }
        Map<String, List<String>> columnTargets = new LinkedHashMap<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            for (Column c : ctx.inventory().columns(t)) {
                String target = ctx.mapping().column(t.db(), t.name(), c.name());
                columnTargets.computeIfAbsent(t.qualified() + "." + target.toLowerCase(java.util.Locale.ROOT),
                        k -> new ArrayList<>()).add(c.name());
            }
        }
        columnTargets.forEach((target, sources) -> {
            if (sources.size() > 1) {
                out.add(CheckResult.fail(id(), "columns " + String.join(", ", sources) + " map to the same column "
                        + target, "a table cannot have two columns of the same name (column names are "
                        + "case-insensitive)", "change mapping.columns"));
            }
        });
        Set<String> selected = ctx.selectedTables().stream().map(Inventory.Table::qualified).collect(Collectors.toSet());
        Set<String> selectedDbs = ctx.inventory().databases().stream().map(Inventory.Database::name)
                .collect(Collectors.toSet());
        var m = ctx.mapping();
        if (m.tables() != null) {
            m.tables().keySet().stream().filter(k -> !selected.contains(k)).forEach(k -> out.add(CheckResult.warn(
                    id(), "mapping.tables key " + k + " names no selected table", "the rename does nothing (a typo?)",
                    "use the source name db.table of a selected table")));
        }
        if (m.databases() != null) {
            m.databases().keySet().stream().filter(k -> !selectedDbs.contains(k)).forEach(k -> out.add(
                    CheckResult.warn(id(), "mapping.databases key " + k + " names no selected database",
                            "the rename does nothing (a typo?)", "use the source name of a selected database")));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), byTarget.size() + " target names, all distinct"));
        }
        return out;
    }
}
