package dev.sluice.schema;

import java.util.List;

/** Some views, routines, triggers or events could not be created; the schema report lists each with the reason. */
public class SchemaObjectsFailedException extends RuntimeException {
    private final transient SchemaApplier.Outcome outcome;

    public SchemaObjectsFailedException(List<String> failures, SchemaApplier.Outcome outcome) {
        super(failures.size() + " object(s) could not be created on the destination:\n  - "
                + String.join("\n  - ", failures)
                + "\nsee the schema report (sluice status); fix the cause (a missing account, a column left out by "
                + "the selection, an unsupported feature) and resume the task");
        this.outcome = outcome;
    }

    public SchemaApplier.Outcome outcome() {
        return outcome;
    }
}
