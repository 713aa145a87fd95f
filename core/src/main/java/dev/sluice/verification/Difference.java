package dev.sluice.verification;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row that differs: missing on the destination, extra on the destination, or changed (with the changed
 * columns); identified by its key (source column names), or for a keyless table by its row hash and how many
 * more copies one side holds than the other.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Difference(Kind kind, Map<String, String> key, List<String> columns, String rowHash, long count,
                         @JsonIgnore List<String> sourceValues, @JsonIgnore List<String> destValues) {

    /** What differs about the row. */
    public enum Kind {
        /** On the source, not on the destination. */
        MISSING,
        /** On the destination, not on the source. */
        EXTRA,
        /** Same key, different values. */
        CHANGED
    }

    public static Difference keyed(Kind kind, Map<String, String> key, List<String> columns,
                                   List<String> sourceValues, List<String> destValues) {
        return new Difference(kind, new LinkedHashMap<>(key), columns == null ? List.of() : columns, null, 1,
                sourceValues, destValues);
    }

    public static Difference keyless(Kind kind, String rowHash, long count) {
        return new Difference(kind, Map.of(), List.of(), rowHash, count, null, null);
    }

    /** e.g. "CHANGED id=7 (price, note)" or "EXTRA ×2 row md5 9f3c...". */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.name());
        if (rowHash != null) {
            sb.append(" x").append(count).append(" row md5 ").append(rowHash);
        } else {
            sb.append(' ');
            key.forEach((k, v) -> sb.append(k).append('=').append(v == null ? "NULL" : v).append(' '));
            if (!columns.isEmpty()) {
                sb.append('(').append(String.join(", ", columns)).append(')');
            }
        }
        return sb.toString().trim();
    }
}
