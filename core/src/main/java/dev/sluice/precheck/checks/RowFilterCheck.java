package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import dev.sluice.table.RowFilterProbe;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.RowFilter;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Row filters ({@code objects[].where}, issue 18): each names a selected table, uses only that table's copied
 * columns (of a type the binlog path can evaluate) and is valid SQL on the source ({@code SELECT 1 FROM t WHERE
 * (filter) LIMIT 0}). Whether it is deterministic and free of subqueries was checked when the task file was read
 * ({@link RowFilter}).
 */
public final class RowFilterCheck implements Check {
    @Override
    public String id() {
        return "objects.row_filters";
    }

    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        return ctx.spec().objects().stream().anyMatch(o -> !o.whereOrNone().isEmpty());
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        ObjectFilter filter = ctx.spec().filter();
        List<String> ok = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (ObjectSelection o : ctx.spec().objects()) {
            for (String table : o.whereOrNone().keySet()) {
                boolean selected = ctx.selectedTables().stream().anyMatch(t -> t.name().equals(table)
                        && ObjectFilter.matches(o.database(), t.db()));
                if (!selected) {
                    bad.add("where." + table + ": no selected table " + o.database() + "." + table);
                }
            }
        }
        for (Inventory.Table t : ctx.selectedTables()) {
            RowFilter f = filter.rowFilter(t.db(), t.name());
            if (f == null) {
                continue;
            }
            String problem = problem(ctx, t, f);
            if (problem == null) {
                ok.add(t.qualified() + ": " + f.text());
            } else {
                bad.add(t.qualified() + ": " + problem);
            }
        }
        if (!bad.isEmpty()) {
            return List.of(CheckResult.fail(id(), String.join("; ", bad),
                    "a row filter must be a valid condition over the table's own copied columns, or the copy, "
                            + "replication and verification would not select the same rows",
                    "correct objects[].where in the task file (column names, SQL syntax; number, date/time, text, "
                            + "ENUM, SET and binary columns only)"));
        }
        return List.of(CheckResult.pass(id(), "row filters: " + String.join("; ", ok)));
    }

    private static String problem(PrecheckContext ctx, Inventory.Table t, RowFilter f) throws SQLException {
        List<Column> copied = new ArrayList<>();
        for (Column c : ctx.inventory().columns(t)) {
            if (!c.generated() && ctx.spec().filter().includesColumn(t.db(), t.name(), c.name())) {
                copied.add(c);
            }
        }
        try {
            new RowFilterProbe(t.qualified(), f, copied, name -> name);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        try (Statement st = ctx.source().connection().createStatement()) {
            st.executeQuery("SELECT 1 FROM " + Sql.id(t.db(), t.name()) + " WHERE " + f.sql() + " LIMIT 0").close();
        } catch (SQLException e) {
            return "the source refuses the condition " + f.text() + ": " + e.getMessage();
        }
        return null;
    }
}
