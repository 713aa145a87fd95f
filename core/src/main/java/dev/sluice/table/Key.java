package dev.sluice.table;

import java.util.List;
import java.util.Objects;

/**
 * One index of a table as information_schema.STATISTICS describes it: its name ({@code PRIMARY} for the primary
 * key), whether it is unique, its parts in key order ({@code columns}, a null entry for a functional key part of
 * MySQL 8.0.13+) with their prefix lengths ({@code prefixes}, null entry for a whole-column part).
 */
public record Key(String name, boolean unique, List<String> columns, List<Long> prefixes) {
    public static final String PRIMARY = "PRIMARY";

    public Key {
        columns = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(columns));
        prefixes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(prefixes));
    }

    public boolean primary() {
        return PRIMARY.equals(name);
    }

    /** True when a part is an expression (MySQL functional key part), not a column. */
    public boolean functional() {
        return columns.stream().anyMatch(Objects::isNull);
    }

    /** True when a part indexes only a prefix of its column. */
    public boolean prefixed() {
        return prefixes.stream().anyMatch(Objects::nonNull);
    }
}
