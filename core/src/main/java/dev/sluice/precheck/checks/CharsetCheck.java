package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Character sets and collations used by the selected databases, tables and columns must exist on the destination
 * (utf8mb4_0900_ai_ci does not exist in MySQL 5.7 or MariaDB).
 */
public final class CharsetCheck implements Check {
    @Override
    public String id() {
        return "destination.charsets";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Set<String> available = new HashSet<>();
        for (Map<String, Object> r : ctx.destination().query("SELECT COLLATION_NAME FROM information_schema.COLLATIONS")) {
            available.add(String.valueOf(r.get("COLLATION_NAME")));
        }
        Map<String, Set<String>> usedBy = new LinkedHashMap<>();
        Inventory inv = ctx.inventory();
        for (Inventory.Database d : inv.databases()) {
            use(usedBy, d.collation(), "database " + d.name());
        }
        for (Inventory.Table t : inv.tables()) {
            use(usedBy, t.collation(), t.qualified());
            for (Column c : inv.columns(t)) {
                use(usedBy, c.collation(), t.qualified());
            }
        }
        List<CheckResult> out = new ArrayList<>();
        var dest = ctx.destination().info();
        for (Map.Entry<String, Set<String>> e : usedBy.entrySet()) {
            String collation = e.getKey();
            if (available.contains(collation)) {
                continue;
            }
            String charset = collation.contains("_") ? collation.substring(0, collation.indexOf('_')) : collation;
            String replacement = replacement(collation, available);
            String objects = String.join(", ", e.getValue());
            String firstTable = e.getValue().stream().filter(o -> !o.startsWith("database ")).findFirst().orElse(null);
            String fix = replacement == null
                    ? "convert the objects on the source to a character set " + dest.describe() + " has"
                    : "convert on the source before migrating, e.g. " + (firstTable == null
                    ? "ALTER DATABASE ... " : "ALTER TABLE " + Sql.id(firstTable.substring(0, firstTable.indexOf('.')),
                    firstTable.substring(firstTable.indexOf('.') + 1)) + " CONVERT TO CHARACTER SET " + charset)
                    + " COLLATE " + replacement + "; (" + replacement + " is the closest collation "
                    + dest.describe() + " has)";
            out.add(CheckResult.fail(id(), "collation " + collation + " (used by " + objects + ") does not exist on "
                    + dest.describe(), "CREATE TABLE on the destination fails with 'Unknown collation'; "
                    + "changing it silently would change sorting and comparison (e.g. accent and pad behaviour)", fix));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), "all " + usedBy.size() + " collations in use exist on the destination: "
                    + String.join(", ", usedBy.keySet())));
        }
        return out;
    }

    private static void use(Map<String, Set<String>> usedBy, String collation, String object) {
        if (collation != null && !collation.isBlank()) {
            usedBy.computeIfAbsent(collation, k -> new LinkedHashSet<>()).add(object);
        }
    }

    /** The closest collation the destination has for a missing one, or null. */
    static String replacement(String missing, Set<String> available) {
        String charset = missing.contains("_") ? missing.substring(0, missing.indexOf('_')) : missing;
        List<String> candidates = new ArrayList<>();
        if (missing.contains("_0900_")) {
            boolean cs = missing.endsWith("_as_cs");
            candidates.add(charset + (cs ? "_uca1400_as_cs" : "_uca1400_ai_ci"));
            candidates.add(charset + "_unicode_520_ci");
            candidates.add(charset + "_unicode_ci");
        }
        if (missing.contains("_uca1400_")) {
            candidates.add(charset + "_0900_ai_ci");
            candidates.add(charset + "_unicode_520_ci");
        }
        candidates.add(charset + "_general_ci");
        return candidates.stream().filter(available::contains).findFirst().orElse(null);
    }
}
