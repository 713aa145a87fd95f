package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Non-InnoDB tables: no consistent snapshot and no crash safety (WARN); an engine the destination does not
 * support fails.
 */
public final class EngineCheck implements Check {
    @Override
    public String id() {
        return "objects.engine";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Set<String> supported = new HashSet<>();
        for (Map<String, Object> r : ctx.destination().query("SELECT ENGINE, SUPPORT FROM information_schema.ENGINES")) {
            String support = String.valueOf(r.get("SUPPORT"));
            if (support.equalsIgnoreCase("YES") || support.equalsIgnoreCase("DEFAULT")) {
                supported.add(String.valueOf(r.get("ENGINE")).toUpperCase(Locale.ROOT));
            }
        }
        List<CheckResult> out = new ArrayList<>();
        for (Inventory.Table t : ctx.selectedTables()) {
            String engine = t.engine() == null ? "?" : t.engine();
            if (engine.equalsIgnoreCase("InnoDB")) {
                continue;
            }
            String fix = "ALTER TABLE " + Sql.id(t.db(), t.name()) + " ENGINE=InnoDB; on the source";
            if (!supported.contains(engine.toUpperCase(Locale.ROOT))) {
                out.add(CheckResult.fail(id(), t.qualified() + " uses ENGINE=" + engine + ", which the destination "
                        + "does not support", "CREATE TABLE on the destination would fail (or silently use the "
                        + "default engine when NO_ENGINE_SUBSTITUTION is off)", fix));
            } else {
                out.add(CheckResult.warn(id(), t.qualified() + " uses ENGINE=" + engine,
                        engine.equalsIgnoreCase("MEMORY")
                                ? "MEMORY tables lose their rows at every restart and are not transactional"
                                : "non-transactional: the copy cannot read it in a consistent snapshot, so writes "
                                  + "during the copy may be seen twice or not at all until the binlog catches up; "
                                  + "a crash can corrupt it",
                        fix));
            }
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), "all selected tables are InnoDB"));
        }
        return out;
    }
}
