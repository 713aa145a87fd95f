package dev.sluice.precheck;

import java.util.List;

/**
 * One precheck (Flink CDC {@code MySqlValidator} style): a small class that reads what it needs from the shared
 * {@link PrecheckContext} and returns one or more results. Register new checks in {@link Checks}.
 */
public interface Check {
    /** Stable id shown to users and used in tests, e.g. {@code source.binlog.format}. */
    String id();

    /** Whether the check applies to this task and these servers (migration types, flavors, versions). */
    default boolean appliesTo(PrecheckContext ctx) {
        return true;
    }

    /** Runs the check; at least one result. SQL errors propagate and are reported as a failure of this check. */
    List<CheckResult> run(PrecheckContext ctx) throws Exception;
}
