package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ENUM/SET members with a 4-byte character (an emoji): MySQL and MariaDB print column types in utf8mb3
 * ({@code SHOW CREATE TABLE}, {@code information_schema.COLUMNS.COLUMN_TYPE}), where such a character becomes
 * {@code ?}. The schema phase would create the destination column with {@code ?} members, and every value of such
 * a member would change (the copy and the binlog carry the member index, which stays right; its name would not).
 * A member printed with {@code ?} in a column whose character set has 4-byte characters is refused when Sluice
 * creates the table; a destination table created by hand (existing_objects: skip) is the way around, so then it
 * is a warning.
 */
public final class EnumSetMembersCheck implements Check {
    private static final Set<String> FOUR_BYTE_CHARSETS = Set.of("utf8mb4", "utf16", "utf16le", "utf32",
            "gb18030");

    @Override
    public String id() {
        return "objects.enum_set_members";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        boolean skipExisting = ctx.spec().optionsOrDefaults().existingObjectsOrDefault()
                == TaskOptions.ConflictPolicy.SKIP;
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            for (Column c : ctx.inventory().columns(t)) {
                if (c.charset() != null && FOUR_BYTE_CHARSETS.contains(c.charset().toLowerCase())
                        && c.members().stream().anyMatch(m -> m.indexOf('?') >= 0)) {
                    String what = t.qualified() + "." + c.name() + " " + c.columnType();
                    boolean byHand = !ctx.has(MigrationType.SCHEMA)
                            || skipExisting && ctx.destinationTables().containsKey(ctx.target(t));
                    (byHand ? existing : created).add(what);
                }
            }
        }
        if (created.isEmpty() && existing.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no ENUM/SET member the server prints as '?'"));
        }
        String why = "the server prints 4-byte characters (emoji) of ENUM/SET members as '?' (SHOW CREATE TABLE and "
                + "information_schema use utf8mb3), so Sluice cannot read the members' true names";
        if (!created.isEmpty()) {
            return List.of(CheckResult.fail(id(), "ENUM/SET members shown with '?': " + String.join(", ", created),
                    why + "; the schema phase would create them as '?' and those values would change",
                    "create these destination tables yourself with the true members (the same members in the same "
                            + "order: values travel by member position) and set options.existing_objects: skip; "
                            + "or, on the source, replace the 4-byte characters in the member lists (ALTER TABLE "
                            + "... MODIFY)"));
        }
        return List.of(CheckResult.warn(id(), "ENUM/SET members shown with '?': " + String.join(", ", existing),
                why + "; values are copied and replicated by member position into the existing destination "
                        + "tables, and Sluice cannot check that their members carry the same names",
                "make sure the destination columns list the same members, with the same characters, in the same "
                        + "order"));
    }
}
