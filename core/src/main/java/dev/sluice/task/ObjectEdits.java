package dev.sluice.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes to the {@code objects:} of a running task's spec ('sluice objects --add / --remove'): one source table at
 * a time, by exact name, so the rest of the selection stays as the user wrote it.
 */
public final class ObjectEdits {
    private ObjectEdits() {
    }

    /** The spec with source table {@code db.table} selected: a new {@code objects:} entry naming it. */
    public static TaskSpec withTable(TaskSpec spec, String db, String table) {
        if (spec.filter().includesTable(db, table)) {
            throw new IllegalArgumentException("task " + spec.name() + " replicates " + db + "." + table
                    + " already; to copy it again use 'sluice reload'");
        }
        List<ObjectSelection> objects = new ArrayList<>(spec.objects());
        objects.add(new ObjectSelection(db, List.of(table), null, null));
        return with(spec, objects);
    }

    /** The spec without source table {@code db.table}: added to the exclusions of every entry that selects it. */
    public static TaskSpec withoutTable(TaskSpec spec, String db, String table) {
        if (!spec.filter().includesTable(db, table)) {
            throw new IllegalArgumentException("task " + spec.name() + " does not replicate " + db + "." + table);
        }
        List<ObjectSelection> objects = new ArrayList<>();
        for (ObjectSelection s : spec.objects()) {
            if (new ObjectFilter(List.of(s)).includesTable(db, table)) {
                List<String> excluded = new ArrayList<>(s.excludeTablesOrNone());
                excluded.add(table);
                s = new ObjectSelection(s.database(), s.tables(), excluded, s.columns(), s.where());
            }
            objects.add(s);
        }
        TaskSpec out = with(spec, objects);
        if (out.filter().includesTable(db, table)) {
            throw new IllegalStateException("could not remove " + db + "." + table + " from the objects of task "
                    + spec.name());
        }
        return out;
    }

    private static TaskSpec with(TaskSpec spec, List<ObjectSelection> objects) {
        return new TaskSpec(spec.name(), spec.source(), spec.destination(), spec.types(), objects, spec.mapping(),
                spec.throttle(), spec.options());
    }
}
