package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * A migration task as written in its YAML task file: name, the two endpoints, the migration types, the objects to
 * migrate, name mapping, throttle limits and options. It holds password references only, so it may be stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSpec(
        String name,
        EndpointSpec source,
        EndpointSpec destination,
        Set<MigrationType> types,
        List<ObjectSelection> objects,
        NameMapping mapping,
        ThrottleSpec throttle,
        TaskOptions options) {

    public boolean has(MigrationType type) {
        return types != null && types.contains(type);
    }

    public NameMapping mappingOrNone() {
        return mapping == null ? NameMapping.NONE : mapping;
    }

    public ThrottleSpec throttleOrNone() {
        return throttle == null ? ThrottleSpec.NONE : throttle;
    }

    public TaskOptions optionsOrDefaults() {
        return options == null ? TaskOptions.DEFAULTS : options;
    }

    /** The selection rules of this task as a matcher. */
    public ObjectFilter filter() {
        return new ObjectFilter(objects == null ? List.of() : objects, optionsOrDefaults().onlineDdlOrDefault());
    }
}
