package dev.sluice.connectivity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.report.TextTable;
import dev.sluice.state.TaskItem;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of a connectivity test: one {@link EndpointReport} per endpoint. Stored with the task under sort key
 * {@value #SORT_KEY}; {@link #toTable()} is what the CLI prints.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectivityReport(Instant checkedAt, List<EndpointReport> endpoints) {
    public static final String SORT_KEY = TaskItem.CONNECTIVITY.sk();

    /** True when every endpoint passed every step (warnings allowed). */
    @JsonProperty("ok")
    public boolean ok() {
        return endpoints.stream().allMatch(EndpointReport::ok);
    }

    /** One line per endpoint: what works, or the first thing to fix. */
    @JsonIgnore
    public String summary() {
        return endpoints.stream().map(EndpointReport::summary).collect(Collectors.joining("; "));
    }

    /** Aligned table: endpoint, step, status, value, message. */
    public String toTable() {
        TextTable t = new TextTable(48, "ENDPOINT", "STEP", "STATUS", "VALUE", "MESSAGE");
        for (EndpointReport e : endpoints) {
            for (StepResult s : e.steps()) {
                t.row(e.role(), s.step().label(), s.status().name(), s.value(), s.message());
            }
        }
        return t + (ok() ? "connectivity: ok\n" : "connectivity: FAILED\n");
    }
}
