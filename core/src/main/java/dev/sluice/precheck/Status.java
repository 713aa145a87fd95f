package dev.sluice.precheck;

/** Outcome of one precheck item: passes, warns (does not block the task) or fails (blocks it). */
public enum Status {
    PASS, WARN, FAIL
}
