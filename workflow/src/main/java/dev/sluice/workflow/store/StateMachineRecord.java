package dev.sluice.workflow.store;

import java.time.Instant;

/** A stored state machine: its definition and metadata; {@code version} guards concurrent updates. */
public record StateMachineRecord(String name, String arn, String definition, String roleArn, String type,
                                 Instant createdAt, Instant updatedAt, long version) {
    public StateMachineRecord withDefinition(String newDefinition, String newRoleArn, Instant when) {
        return new StateMachineRecord(name, arn, newDefinition, newRoleArn == null ? roleArn : newRoleArn, type, createdAt,
                when, version);
    }
}
