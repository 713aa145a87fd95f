package dev.sluice.connectivity;

/** Outcome of one connectivity step: worked, worked with a caveat, failed, or not tried because an earlier step failed. */
public enum StepStatus {
    OK, WARN, FAILED, SKIPPED
}
