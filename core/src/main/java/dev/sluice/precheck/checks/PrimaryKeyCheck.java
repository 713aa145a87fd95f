package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.List;

/** Tables without a PRIMARY KEY or a UNIQUE key on NOT NULL columns cannot be chunked or matched by key. */
public final class PrimaryKeyCheck implements Check {
    @Override
    public String id() {
        return "objects.primary_key";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<CheckResult> out = new ArrayList<>();
        boolean invisible = ctx.source().info().isMySqlAtLeast(8, 0, 23);
        for (Inventory.Table t : ctx.selectedTables()) {
            if (ctx.inventory().identity(t).keyed()) {
                continue;
            }
            // ADR 0074: the full copy's JSON type probe finds rows by key; without one, an UNSIGNED integer up to
            // 2^63-1 or a DECIMAL stored in exactly 8 bytes inside a MySQL JSON document is not detected
            List<String> json = ctx.source().info().isMariaDb() ? List.of() : ctx.inventory().columns(t).stream()
                    .filter(c -> c.dataType().equals("json")).map(c -> c.name()).toList();
            out.add(CheckResult.warn(id(), t.qualified() + " has no PRIMARY KEY and no UNIQUE key on NOT NULL "
                            + "columns (~" + t.rows() + " rows)" + (json.isEmpty() ? ""
                            : "; JSON column" + (json.size() == 1 ? " " : "s ") + String.join(", ", json)),
                    "Sluice copies it in one chunk with a full scan (no key to split ranges on), and applies binlog "
                            + "UPDATE/DELETE by matching every column with LIMIT 1: slow on large tables, and rows "
                            + "that are exact duplicates cannot be told apart" + (json.isEmpty() ? ""
                            : "; and in its JSON documents the full copy cannot tell an UNSIGNED integer up to "
                            + "2^63-1 or a DECIMAL stored in 8 bytes from the INTEGER/DOUBLE its text reads as "
                            + "(JSON_TYPE may differ on the destination; values are equal; docs/fidelity.md)"),
                    "ALTER TABLE " + Sql.id(t.db(), t.name()) + " ADD COLUMN sluice_id BIGINT UNSIGNED NOT NULL "
                            + "AUTO_INCREMENT PRIMARY KEY" + (invisible ? " INVISIBLE" : "")
                            + "; (or ADD PRIMARY KEY on existing unique NOT NULL columns)"));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), "all " + ctx.selectedTables().size()
                    + " selected tables have a primary key or a unique NOT NULL key"));
        }
        return out;
    }
}
