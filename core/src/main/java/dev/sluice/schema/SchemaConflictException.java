package dev.sluice.schema;

import java.util.List;

/** The destination already has objects the task would create, and the task's policy is {@code fail}. */
public class SchemaConflictException extends RuntimeException {
    private final List<String> objects;

    public SchemaConflictException(List<String> objects) {
        super("the destination already has " + objects.size() + " object(s) this task creates: "
                + String.join(", ", objects.subList(0, Math.min(20, objects.size())))
                + (objects.size() > 20 ? ", ..." : "")
                + "; drop or rename them on the destination, or set options.existing_objects to skip "
                + "(keep them as they are) or drop-and-create (replace them), then resume the task");
        this.objects = List.copyOf(objects);
    }

    public List<String> objects() {
        return objects;
    }
}
