package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The three kinds of work a migration task can select: schema, full data copy and incremental (binlog) replication. */
public enum MigrationType {
    SCHEMA, FULL, INCREMENTAL;

    @JsonValue
    public String yamlName() {
        return Enums.yamlName(this);
    }

    @JsonCreator
    public static MigrationType parse(String value) {
        return Enums.parse(MigrationType.class, value);
    }
}
