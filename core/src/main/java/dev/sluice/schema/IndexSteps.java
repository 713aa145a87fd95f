package dev.sluice.schema;

import dev.sluice.db.Sql;
import dev.sluice.table.DeferredIndexes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the plan's index steps into ALTER TABLE statements: every ordinary key of a table in one statement (InnoDB
 * then reads the table once and sorts each key), each FULLTEXT and SPATIAL key in its own (InnoDB builds those one
 * per statement); per table, the {@link DeferredIndexes} the create phase stores for the copy workers.
 */
final class IndexSteps {
    private IndexSteps() {
    }

    /** The deferred indexes of a plan, per destination table (plan order). */
    static List<DeferredIndexes> deferred(List<Step> plan) {
        Map<String, List<Step>> byTable = new LinkedHashMap<>();
        for (Step s : plan) {
            if (s.phase() == Step.Phase.FINISH && s.kind() == ObjectKind.INDEX) {
                byTable.computeIfAbsent(s.database() + "." + s.table(), k -> new ArrayList<>()).add(s);
            }
        }
        List<DeferredIndexes> out = new ArrayList<>();
        for (List<Step> steps : byTable.values()) {
            Step first = steps.get(0);
            out.add(new DeferredIndexes(first.database(), first.table(), statements(steps)));
        }
        return out;
    }

    /** The ALTER TABLE statements replication runs once it has replayed past the copy ({@code AFTER_REPLAY}). */
    static List<String> afterReplay(List<Step> plan) {
        Map<String, List<Step>> byTable = new LinkedHashMap<>();
        for (Step s : plan) {
            if (s.phase() == Step.Phase.AFTER_REPLAY) {
                byTable.computeIfAbsent(s.database() + "." + s.table(), k -> new ArrayList<>()).add(s);
            }
        }
        List<String> out = new ArrayList<>();
        byTable.values().forEach(steps -> out.add(alter(steps.get(0), steps.stream().map(Step::sql).toList())));
        return out;
    }

    /** ALTER TABLE statements adding these index steps of one table. */
    static List<String> statements(List<Step> steps) {
        Step first = steps.get(0);
        List<String> out = new ArrayList<>();
        List<String> combined = new ArrayList<>();
        for (Step s : steps) {
            String up = s.sql().toUpperCase(Locale.ROOT);
            if (up.startsWith("ADD FULLTEXT") || up.startsWith("ADD SPATIAL")) {
                out.add(alter(first, List.of(s.sql())));
            } else {
                combined.add(s.sql());
            }
        }
        if (!combined.isEmpty()) {
            out.add(alter(first, combined));
        }
        return out;
    }

    static String alter(Step s, List<String> clauses) {
        return "ALTER TABLE " + Sql.id(s.database(), s.table()) + " " + String.join(", ", clauses);
    }
}
