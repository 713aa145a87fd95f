package dev.sluice.verification;

import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a verification with its task, one document per table under {@code VERIFY#<db>.<table>}, listing as
 * many differences as fit in a state-table item (counts stay exact), and reads them back for {@code status}.
 */
public final class VerifyReports {
    public static final String PREFIX = TaskItem.VERIFY.prefix();

    private VerifyReports() {
    }

    public static void save(TaskDocuments documents, String taskId, VerifyReport report, int maxListed) {
        for (TableReport t : report.tables()) {
            TableReport stored = t.withListed(maxListed);
            while (size(stored) > TaskDocuments.MAX_DOCUMENT_BYTES - 4096 && stored.listed() > 0) {
                stored = t.withListed(stored.listed() / 2);
            }
            documents.put(taskId, PREFIX + t.table(), stored);
        }
    }

    /** The stored per-table reports of a task, in table order (empty when it was never verified). */
    public static VerifyReport load(TaskDocuments documents, String taskId) {
        List<TableReport> tables = new ArrayList<>();
        double seconds = 0;
        for (var node : documents.list(taskId, PREFIX)) {
            TableReport t = TaskDocuments.json().convertValue(node, TableReport.class);
            tables.add(t);
            seconds += t.seconds();
        }
        return new VerifyReport(tables, seconds);
    }

    private static int size(TableReport t) {
        try {
            return TaskDocuments.json().writeValueAsString(t).getBytes(StandardCharsets.UTF_8).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("verification report of " + t.table() + " cannot be written as JSON", e);
        }
    }
}
