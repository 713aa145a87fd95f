package dev.sluice.connectivity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** Connectivity of one endpoint ({@code source} or {@code destination}): the result of every step, in order. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EndpointReport(String role, String address, String user, List<StepResult> steps) {

    /** True when no step failed (warnings do not block). */
    @JsonProperty("ok")
    public boolean ok() {
        return steps.stream().noneMatch(s -> s.status() == StepStatus.FAILED || s.status() == StepStatus.SKIPPED);
    }

    public Optional<StepResult> step(Step step) {
        return steps.stream().filter(s -> s.step() == step).findFirst();
    }

    /** The first failed step, if any. */
    @JsonIgnore
    public Optional<StepResult> firstFailure() {
        return steps.stream().filter(s -> s.status() == StepStatus.FAILED).findFirst();
    }

    /** e.g. "source 127.0.0.1:3306: MySQL 8.0.31, TLS TLSv1.3, 0.21 ms" or the first failure's message. */
    public String summary() {
        Optional<StepResult> failure = firstFailure();
        if (failure.isPresent()) {
            return failure.get().message();
        }
        StringBuilder sb = new StringBuilder(role + " " + address + ": ok");
        step(Step.SERVER).map(StepResult::value).ifPresent(v -> sb.append(", ").append(v));
        step(Step.TLS).map(StepResult::value).ifPresent(v -> sb.append(", TLS ").append(v));
        step(Step.LATENCY).map(StepResult::value).ifPresent(v -> sb.append(", round trip ").append(v));
        return sb.toString();
    }
}
