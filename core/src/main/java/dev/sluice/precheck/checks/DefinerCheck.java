package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskOptions.DefinerPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DEFINERs of the selected views, routines, triggers and events that do not exist on the destination, judged by
 * {@code options.schema.definer}: keep fails (the objects fail when used), keep_if_exists warns (the destination
 * user becomes the definer), destination_user passes.
 */
public final class DefinerCheck implements Check {
    @Override
    public String id() {
        return "objects.definers";
    }

    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        return ctx.has(MigrationType.SCHEMA);
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Map<String, List<String>> byDefiner = new LinkedHashMap<>();
        for (Inventory.Stored s : ctx.inventory().storedObjects()) {
            if (s.definer() != null && !s.definer().isBlank()) {
                byDefiner.computeIfAbsent(s.definer(), k -> new ArrayList<>()).add(s.kind() + " " + s.qualified());
            }
        }
        if (byDefiner.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no views, routines, triggers or events with a DEFINER selected"));
        }
        DefinerPolicy policy = ctx.spec().optionsOrDefaults().schemaOrDefault().definerOrDefault();
        if (policy == DefinerPolicy.DESTINATION_USER) {
            return List.of(CheckResult.pass(id(), byDefiner.size() + " definers; definer: destination_user makes "
                    + "the destination account the definer of every object"));
        }
        Optional<Set<String>> accounts = ctx.destinationAccounts();
        if (accounts.isEmpty()) {
            return List.of(CheckResult.warn(id(), "definers " + String.join(", ", byDefiner.keySet())
                            + " cannot be verified: the destination account may not read mysql.user",
                    "objects whose DEFINER does not exist fail with error 1449 when used",
                    "GRANT SELECT ON mysql.user TO " + ctx.destination().privileges().quotedAccount()
                            + "; or check the accounts by hand"));
        }
        List<CheckResult> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byDefiner.entrySet()) {
            String definer = e.getKey();
            int at = definer.lastIndexOf('@');
            String account = at < 0 ? definer : definer.substring(0, at) + "@"
                    + definer.substring(at + 1).toLowerCase(Locale.ROOT);
            if (accounts.get().contains(account)) {
                continue;
            }
            String quoted = at < 0 ? "'" + definer + "'" : "'" + definer.substring(0, at) + "'@'"
                    + definer.substring(at + 1) + "'";
            String objects = String.join(", ", e.getValue().stream().limit(8).toList())
                    + (e.getValue().size() > 8 ? ", ..." : "");
            String found = "DEFINER " + quoted + " of " + objects + " does not exist on the destination";
            String fix = "CREATE USER " + quoted + " ... on the destination with the privileges the objects need, "
                    + "or set options.schema.definer: destination_user";
            if (policy == DefinerPolicy.KEEP) {
                out.add(CheckResult.fail(id(), found + " (definer: keep)",
                        "with the definer kept, these objects fail with error 1449 'The user specified as a definer "
                                + "does not exist' when used", fix));
            } else {
                out.add(CheckResult.warn(id(), found + " (definer: keep_if_exists)",
                        "Sluice creates them with the destination account as DEFINER, so SQL SECURITY DEFINER "
                                + "objects run with that account's privileges instead", fix));
            }
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), "all " + byDefiner.size() + " definers exist on the destination: "
                    + String.join(", ", byDefiner.keySet())));
        }
        return out;
    }
}
