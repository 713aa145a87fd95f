package dev.sluice.connectivity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.report.Redactor;

/**
 * The result of one step for one endpoint: its status, the value found (address, TLS version, server version,
 * latency) and, when it did not simply work, a message saying what is wrong and what to change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepResult(Step step, StepStatus status, String value, String message) {

    public static StepResult ok(Step step, String value) {
        return new StepResult(step, StepStatus.OK, value, null);
    }

    public static StepResult warn(Step step, String value, String message) {
        return new StepResult(step, StepStatus.WARN, value, message);
    }

    public static StepResult failed(Step step, String value, String message) {
        return new StepResult(step, StepStatus.FAILED, value, message);
    }

    public static StepResult skipped(Step step, String why) {
        return new StepResult(step, StepStatus.SKIPPED, null, why);
    }

    /** A copy whose value and message have the secret replaced (defence in depth; messages never carry it). */
    StepResult redacted(Redactor redactor) {
        return new StepResult(step, status, redactor.apply(value), redactor.apply(message));
    }
}
