package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Same-name tables already on the destination: with rows they fail unless {@code options.existing_data} says
 * ignore or truncate; without rows they fail a schema task unless {@code options.existing_objects} says skip or
 * drop_and_create.
 */
public final class ExistingTablesCheck implements Check {
    @Override
    public String id() {
        return "destination.existing_tables";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        TaskOptions o = ctx.spec().optionsOrDefaults();
        Map<String, String> existing = ctx.destinationTables();
        List<CheckResult> out = new ArrayList<>();
        int clean = 0;
        for (Inventory.Table t : ctx.selectedTables()) {
            String target = ctx.target(t);
            if (!existing.containsKey(target)) {
                clean++;
                continue;
            }
            int dot = target.indexOf('.');
            String db = target.substring(0, dot);
            String name = target.substring(dot + 1);
            if (existing.get(target) == null) {
                out.add(CheckResult.fail(id(), t.qualified() + " -> " + target + " exists on the destination as a view",
                        "rows cannot be copied into a view", "DROP VIEW " + Sql.id(db, name)
                                + "; on the destination, or map the table to another name (mapping.tables)"));
                continue;
            }
            boolean rows = "1".equals(ctx.destination().queryValue("SELECT EXISTS (SELECT 1 FROM "
                    + Sql.id(db, name) + " LIMIT 1)"));
            if (rows && ctx.has(MigrationType.FULL)) {
                switch (o.existingDataOrDefault()) {
                    case FAIL -> out.add(CheckResult.fail(id(), target + " already holds rows",
                            "copied rows would mix with (or collide on the key with) rows already there",
                            "TRUNCATE TABLE " + Sql.id(db, name) + "; on the destination, or set "
                                    + "options.existing_data: truncate (empties it) or ignore (keeps the rows)"));
                    case IGNORE -> out.add(CheckResult.warn(id(), target + " already holds rows; existing_data: ignore",
                            "rows already there stay; a copied row with the same key replaces it, so the result "
                                    + "is the union and verification will report the extra rows",
                            "none needed if intended; otherwise TRUNCATE TABLE " + Sql.id(db, name) + ";"));
                    case TRUNCATE -> out.add(CheckResult.warn(id(), target + " holds rows; existing_data: truncate",
                            "Sluice empties the table before copying: its current rows are lost",
                            "back it up first if needed: CREATE TABLE ... AS SELECT, or mysqldump " + db + " " + name));
                }
                continue;
            }
            if (ctx.has(MigrationType.SCHEMA)) {
                switch (o.existingObjectsOrDefault()) {
                    case FAIL -> out.add(CheckResult.fail(id(), target + " already exists" + (rows ? " (with rows)" : ""),
                            "the schema phase would stop at CREATE TABLE because the table exists",
                            "DROP TABLE " + Sql.id(db, name) + "; on the destination, or set "
                                    + "options.existing_objects: skip (keep it) or drop_and_create"));
                    case SKIP -> out.add(CheckResult.warn(id(), target + " exists; existing_objects: skip",
                            "the existing definition is kept; if its columns or keys differ from the source the "
                                    + "copy or the binlog apply fails later",
                            "compare SHOW CREATE TABLE on both sides"));
                    case DROP_AND_CREATE -> out.add(CheckResult.warn(id(), target + " exists; existing_objects: "
                            + "drop_and_create", "it is dropped with its rows and created from the source",
                            "none needed if intended"));
                }
                continue;
            }
            clean++;
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), clean + " target table" + (clean == 1 ? "" : "s")
                    + " free of conflicting objects and rows"));
        }
        return out;
    }
}
