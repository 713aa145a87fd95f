package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.table.Column;
import dev.sluice.table.RowIdentity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The key the copy splits on: BIGINT UNSIGNED (values above 2^63-1 overflow signed 64-bit arithmetic) and
 * non-integer keys (strings, binary UUIDs, dates, decimals: ranges follow collation order, chunks are uneven).
 */
public final class KeyTypeCheck implements Check {
    static final Set<String> INTEGER = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Override
    public String id() {
        return "objects.key_types";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<CheckResult> out = new ArrayList<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            RowIdentity key = ctx.inventory().identity(t);
            if (!key.keyed()) {
                continue;
            }
            Column col = key.columns().get(0);
            String first = col.name();
            String keyText = key.describe();
            if (col.dataType().equals("bigint") && col.unsigned()) {
                String max = ctx.source().queryValue("SELECT MAX(" + Sql.id(first) + ") FROM " + Sql.id(t.db(), t.name()));
                boolean big = max != null && new BigInteger(max).compareTo(LONG_MAX) > 0;
                out.add(CheckResult.warn(id(), t.qualified() + " key " + keyText + " is BIGINT UNSIGNED, MAX = "
                                + (max == null ? "NULL (empty)" : max) + (big ? " (above 2^63-1)" : ""),
                        "values above 9223372036854775807 do not fit a signed 64-bit integer; Sluice plans chunk "
                                + "bounds with exact unsigned arithmetic, but tools and clients reading the "
                                + "destination (Java long, JSON numbers) may not",
                        big ? "none in Sluice; check downstream consumers handle unsigned 64-bit values"
                                : "none needed today; values stay below 2^63-1"));
            } else if (!INTEGER.contains(col.dataType())) {
                out.add(CheckResult.warn(id(), t.qualified() + " key " + keyText + " starts with a " + col.columnType()
                                + " column",
                        "non-integer keys cannot be cut arithmetically: chunk bounds are found with ORDER BY key "
                                + "LIMIT 1 OFFSET n queries and compared in the column's collation ("
                                + (col.collation() == null ? "binary" : col.collation()) + "), so planning a large "
                                + "table takes longer; random keys such as UUIDs also slow down inserts",
                        "none required; for large tables consider an integer AUTO_INCREMENT primary key (keep the "
                                + "current key as UNIQUE)"));
            }
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), "keys of the selected tables are signed-range integers"));
        }
        return out;
    }
}
