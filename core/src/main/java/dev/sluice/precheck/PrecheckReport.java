package dev.sluice.precheck;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.report.TextTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import java.time.Instant;
import java.util.List;

/**
 * All precheck results of a task. Stored with the task under sort key {@value #SORT_KEY}; {@link #toTable()} and
 * {@link #toJson()} are what the CLI prints. The task may start only when {@link #passed()}.
 */
public record PrecheckReport(Instant checkedAt, boolean passed, List<CheckResult> results) {
    public static final String SORT_KEY = TaskItem.PRECHECK.sk();

    public static PrecheckReport of(List<CheckResult> results) {
        boolean passed = results.stream().noneMatch(r -> r.status() == Status.FAIL);
        return new PrecheckReport(Instant.now(), passed, List.copyOf(results));
    }

    public long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** Results of one check id. */
    public List<CheckResult> byId(String id) {
        return results.stream().filter(r -> r.id().equals(id)).toList();
    }

    /** e.g. "precheck failed: 2 failed, 5 warnings, 31 passed; first failure: destination.read_only: ...". */
    @JsonIgnore
    public String summary() {
        String counts = count(Status.FAIL) + " failed, " + count(Status.WARN) + " warnings, " + count(Status.PASS)
                + " passed";
        if (passed) {
            return "precheck passed: " + counts;
        }
        CheckResult first = results.stream().filter(r -> r.status() == Status.FAIL).findFirst().orElseThrow();
        return "precheck failed: " + counts + "; first failure: " + first.id() + ": " + first.found()
                + (first.fix() == null ? "" : " — fix: " + first.fix());
    }

    /** Aligned table: status, id, found, fix (failures first, then warnings, then passes), and a summary line. */
    public String toTable() {
        TextTable t = new TextTable(90, "STATUS", "CHECK", "FOUND", "FIX");
        for (Status s : new Status[] {Status.FAIL, Status.WARN, Status.PASS}) {
            for (CheckResult r : results) {
                if (r.status() == s) {
                    t.row(r.status().name(), r.id(), r.found(), r.fix() == null ? "" : r.fix());
                }
            }
        }
        return t + summary() + "\n";
    }

    /** The report as pretty-printed JSON (with the why of every item). */
    public String toJson() {
        try {
            return TaskDocuments.json().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("precheck report cannot be written as JSON", e);
        }
    }
}
