package dev.sluice.state;

import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskSpec;

/** Which phase follows which for a given task (phases of unselected migration types are skipped). */
public final class PhasePlan {
    private PhasePlan() {
    }

    /** The phase that runs after {@code done} for this task; {@link Phase#DONE} at the end. */
    public static Phase after(TaskSpec spec, Phase done) {
        Phase[] all = Phase.values();
        for (int i = done.ordinal() + 1; i < all.length; i++) {
            if (applies(spec, all[i])) {
                return all[i];
            }
        }
        return Phase.DONE;
    }

    public static boolean applies(TaskSpec spec, Phase phase) {
        return switch (phase) {
            case CONNECTIVITY, PRECHECK, DONE -> true;
            case SCHEMA, SCHEMA_FINISH -> spec.has(MigrationType.SCHEMA);
            case FULL_COPY -> spec.has(MigrationType.FULL);
            case VERIFY -> spec.has(MigrationType.FULL) && spec.optionsOrDefaults().verifyAfterFullCopyOrDefault();
            case INCREMENTAL -> spec.has(MigrationType.INCREMENTAL);
        };
    }
}
