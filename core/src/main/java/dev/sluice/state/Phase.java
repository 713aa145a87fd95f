package dev.sluice.state;

/**
 * The phases of a migration in workflow order. The persisted phase picks where a (re)started execution goes,
 * so a failed task resumes at the phase it was in.
 */
public enum Phase {
    CONNECTIVITY, PRECHECK, SCHEMA, FULL_COPY, SCHEMA_FINISH, VERIFY, INCREMENTAL, DONE
}
