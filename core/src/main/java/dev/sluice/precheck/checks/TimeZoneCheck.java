package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.precheck.ServerSide;
import java.util.List;

/**
 * Different global time zones: TIMESTAMP values are stored in UTC and shown in the session zone, and NOW(),
 * CURRENT_TIMESTAMP defaults, events and triggers use the server's zone, so the same row can read differently.
 */
public final class TimeZoneCheck implements Check {
    @Override
    public String id() {
        return "destination.time_zone";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        String src = zone(ctx.source());
        String dst = zone(ctx.destination());
        String found = "source " + src + ", destination " + dst;
        if (src.equals(dst)) {
            return List.of(CheckResult.pass(id(), found));
        }
        long timestamps = 0;
        for (Inventory.Table t : ctx.selectedTables()) {
            timestamps += ctx.inventory().columns(t).stream()
                    .filter(c -> c.dataType().equals("timestamp") || c.dataType().equals("datetime")).count();
        }
        return List.of(CheckResult.warn(id(), found + "; " + timestamps + " TIMESTAMP/DATETIME column"
                        + (timestamps == 1 ? "" : "s") + " in the selected tables",
                "Sluice copies with the same session time zone on both sides, so stored values are equal; but "
                        + "applications that do not set time_zone read TIMESTAMPs shifted, and NOW()/CURRENT_TIMESTAMP "
                        + "defaults, events and triggers on the destination produce other local times than the source",
                "SET PERSIST time_zone = '" + ctx.source().variable("time_zone").orElse("SYSTEM")
                        + "'; on the destination (default-time-zone=... in my.cnf), unless the change is intended"));
    }

    /** The zone name plus its current offset, e.g. "SYSTEM (UTC, +00:00)". */
    private static String zone(ServerSide s) throws Exception {
        String tz = s.variable("time_zone").orElse("SYSTEM");
        String system = s.variable("system_time_zone").orElse("?");
        String offset = s.queryValue("SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i')");
        if (offset != null && !offset.startsWith("-")) {
            offset = "+" + offset;
        }
        return ("SYSTEM".equalsIgnoreCase(tz) ? "SYSTEM (" + system + ")" : tz) + " UTC" + offset;
    }
}
