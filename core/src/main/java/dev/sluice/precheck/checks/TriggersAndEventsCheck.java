package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Triggers on selected tables and events in selected databases: both would act twice if live on the destination
 * while Sluice also applies what they did on the source.
 */
public final class TriggersAndEventsCheck implements Check {
    @Override
    public String id() {
        return "objects.triggers_events";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<CheckResult> out = new ArrayList<>();
        List<Inventory.Stored> triggers = ctx.inventory().triggers();
        if (!triggers.isEmpty()) {
            out.add(CheckResult.warn(id(), triggers.size() + " trigger" + (triggers.size() == 1 ? "" : "s") + ": "
                            + names(triggers),
                    "the rows a trigger writes on the source reach the destination through the copy and the binlog; "
                            + "if the trigger also fires on the destination its effect is applied twice",
                    "keep options.schema.defer_triggers: true (default: triggers are created after the full copy) "
                            + "and for incremental tasks create them at cutover; check trigger-maintained tables"));
        }
        List<Inventory.Stored> events = ctx.inventory().events();
        if (!events.isEmpty()) {
            out.add(CheckResult.warn(id(), events.size() + " event" + (events.size() == 1 ? "" : "s") + ": "
                            + names(events),
                    "an event enabled on both servers runs twice; its changes on the source already arrive "
                            + "through the binlog",
                    "keep the events disabled on the destination until cutover: ALTER EVENT <db>.<event> DISABLE; "
                            + "then ENABLE after switching the application (SET GLOBAL event_scheduler = ON)"));
        }
        if (out.isEmpty()) {
            out.add(CheckResult.pass(id(), "no triggers on the selected tables, no events in the selected databases"));
        }
        return out;
    }

    private static String names(List<Inventory.Stored> objects) {
        List<String> n = objects.stream().map(Inventory.Stored::qualified).limit(10).toList();
        return String.join(", ", n) + (objects.size() > 10 ? ", ..." : "");
    }
}
