package dev.sluice.db;

import java.util.Locale;
import java.util.regex.Pattern;

/** Facts about columns read from information_schema.COLUMNS that every phase must judge the same way. */
public final class Columns {
    /**
     * A generated column's EXTRA: {@code VIRTUAL GENERATED}, {@code STORED GENERATED} (MySQL, MariaDB) or
     * {@code PERSISTENT GENERATED} (MariaDB). MySQL 8.0 also writes {@code DEFAULT_GENERATED} for columns with an
     * expression default such as {@code DEFAULT CURRENT_TIMESTAMP}: those are ordinary columns and must be copied.
     */
    private static final Pattern GENERATED = Pattern.compile("\\b(VIRTUAL|STORED|PERSISTENT) GENERATED\\b");

    private Columns() {
    }

    /** True when the column's value is computed by the server (and so is never written by Sluice). */
    public static boolean isGenerated(String extra) {
        return extra != null && GENERATED.matcher(extra.toUpperCase(Locale.ROOT)).find();
    }
}
