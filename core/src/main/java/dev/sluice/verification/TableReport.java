package dev.sluice.verification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Verification result of one table: rows compared on each side, chunks, chunks that needed a re-check
 * (in-flight changes that then converged), the differences (counts exact; the list may be cut to fit the state
 * table, see {@code listed}), and an error when the table could not be compared.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableReport(
        String table,
        String destTable,
        List<String> key,
        String method,
        long sourceRows,
        long destRows,
        int chunks,
        int rechecked,
        long missing,
        long extra,
        long changed,
        List<Difference> differences,
        int listed,
        double seconds,
        String error) {

    public static TableReport failed(String table, String destTable, String error, double seconds) {
        return new TableReport(table, destTable, List.of(), "none", 0, 0, 0, 0, 0, 0, 0, List.of(), 0, seconds,
                error);
    }

    @JsonIgnore
    public boolean equal() {
        return error == null && missing == 0 && extra == 0 && changed == 0;
    }

    @JsonIgnore
    public long differenceCount() {
        return missing + extra + changed;
    }

    /** The same report listing at most {@code max} differences (for storage). */
    public TableReport withListed(int max) {
        List<Difference> cut = differences.size() <= max ? differences : differences.subList(0, max);
        return new TableReport(table, destTable, key, method, sourceRows, destRows, chunks, rechecked, missing,
                extra, changed, List.copyOf(cut), cut.size(), seconds, error);
    }
}
