package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.OnlineDdlTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tables (and pt-online-schema-change triggers) of an online schema change tool in the selected databases: they
 * are skipped (not created, copied or replicated), and a tool still running when the task starts changed its
 * shadow table before the task could see the ALTER.
 */
public final class OnlineDdlCheck implements Check {
    @Override
    public String id() {
        return "objects.online_ddl";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        ObjectFilter filter = ctx.spec().filter();
        String mode = filter.onlineDdl().mode().yamlName();
        List<String> found = new ArrayList<>();
        for (Inventory.Table t : ctx.inventory().unselectedTables()) {
            filter.toolTable(t.db(), t.name()).ifPresent(tt -> found.add(t.qualified() + " (" + tt.describe() + ")"));
        }
        List<Object> dbs = new ArrayList<>(ctx.inventory().databases().stream().map(Inventory.Database::name).toList());
        if (!dbs.isEmpty()) {
            String in = String.join(", ", dbs.stream().map(d -> "?").toList());
            for (Map<String, Object> r : ctx.source().query("SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE "
                    + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" + in + ") ORDER BY 1, 2",
                    dbs.toArray())) {
                String db = String.valueOf(r.get("TRIGGER_SCHEMA"));
                String table = String.valueOf(r.get("EVENT_OBJECT_TABLE"));
                String trigger = String.valueOf(r.get("TRIGGER_NAME"));
                if (filter.includesTable(db, table) && filter.onlineDdl().isToolTrigger(trigger)) {
                    found.add(db + "." + trigger + " (" + OnlineDdlTables.Tool.PT_OSC.label() + " trigger on "
                            + table + ")");
                }
            }
        }
        if (found.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no gh-ost or pt-online-schema-change tables in the selected "
                    + "databases (options.online_ddl: " + mode + ")"));
        }
        return List.of(CheckResult.warn(id(), found.size() + " online schema change object"
                        + (found.size() == 1 ? "" : "s") + " skipped (options.online_ddl: " + mode + "): "
                        + String.join(", ", found.stream().limit(10).toList()) + (found.size() > 10 ? ", ..." : ""),
                "these tables and triggers are not created, copied or replicated; when the tool swaps its shadow "
                        + "table in, Sluice applies the shadow's ALTER to the destination table - but an ALTER run "
                        + "before the task started is unknown to it: then the task continues only if the destination "
                        + "table already has the source table's columns, and otherwise stops and asks for the ALTER",
                "let the running tool finish (or cancel it and drop its tables) before starting the task; a table "
                        + "that only looks like a tool's table is migrated when objects[].tables names it exactly, "
                        + "or set options.online_ddl: off"));
    }
}
