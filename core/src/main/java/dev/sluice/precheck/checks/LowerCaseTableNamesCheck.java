package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * lower_case_table_names: a case-insensitive destination (1 or 2) folds names, so two source names differing only
 * in case collide (FAIL) and mixed-case names are stored lower-case (WARN); differing settings change how
 * applications must spell names (WARN).
 */
public final class LowerCaseTableNamesCheck implements Check {
    @Override
    public String id() {
        return "destination.lower_case_table_names";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        long src = ctx.source().longVariable("lower_case_table_names", 0);
        long dst = ctx.destination().longVariable("lower_case_table_names", 0);
        String setting = "lower_case_table_names source=" + src + ", destination=" + dst;
        List<String> targets = new ArrayList<>();
        for (Inventory.Database d : ctx.inventory().databases()) {
            targets.add(ctx.targetDb(d.name()));
        }
        for (Inventory.Table t : ctx.selectedTables()) {
            targets.add(ctx.target(t));
        }
        for (Inventory.Stored v : ctx.inventory().views()) {
            targets.add(ctx.targetDb(v.db()) + "." + ctx.mapping().table(v.db(), v.name()));
        }
        List<CheckResult> out = new ArrayList<>();
        if (dst != 0) {
            Map<String, String> folded = new LinkedHashMap<>();
            List<String> mixed = new ArrayList<>();
            for (String name : targets) {
                String lower = name.toLowerCase(Locale.ROOT);
                String other = folded.putIfAbsent(lower, name);
                if (other != null && !other.equals(name)) {
                    out.add(CheckResult.fail(id(), setting + ": " + other + " and " + name
                                    + " are the same name on the destination",
                            "with lower_case_table_names=" + dst + " names are compared case-insensitively, so both "
                                    + "would be written into one object",
                            "map one of them to another name in the task file (mapping.tables: {\"" + name
                                    + "\": <new name>}) or leave it out"));
                }
                if (!name.equals(lower)) {
                    mixed.add(name);
                }
            }
            if (!mixed.isEmpty() && dst == 1) {
                out.add(CheckResult.warn(id(), setting + ": mixed-case names " + String.join(", ", first(mixed))
                                + " will be stored in lower case",
                        "SHOW TABLES and information_schema on the destination list them in lower case; tools "
                                + "comparing names case-sensitively will see differences",
                        "none needed for case-insensitive applications; otherwise map them to lower-case names"));
            }
        }
        if (out.isEmpty() && src != dst) {
            out.add(CheckResult.warn(id(), setting, src == 0
                            ? "the destination compares names case-insensitively, the source did not"
                            : "the destination compares names case-sensitively: applications spelling a name in "
                              + "another case than stored (worked on the source) will get 'table doesn't exist'",
                    "align the setting before initializing the destination (lower_case_table_names=" + src
                            + " in my.cnf; MySQL 8 only at --initialize)"));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), setting));
        }
        return out;
    }

    private static List<String> first(List<String> names) {
        return names.size() <= 5 ? names : names.subList(0, 5);
    }
}
