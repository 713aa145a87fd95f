package dev.sluice.fullcopy;

import dev.sluice.settings.Settings;
import java.util.Locale;

/**
 * How chunk rows are written to the destination. {@link #LOAD_DATA} (LOAD DATA LOCAL INFILE fed from an in-memory
 * stream) is the default because it measured fastest (docs/fullcopy.md); the INSERT forms are for destinations
 * that refuse {@code local_infile}.
 */
public enum WriteMethod {
    LOAD_DATA, MULTI_ROW_INSERT, PREPARED_BATCH;

    /** From {@code -Dsluice.fullcopy.write-method} / {@code SLUICE_FULLCOPY_WRITE_METHOD}, else LOAD_DATA. */
    public static WriteMethod configured() {
        String v = Settings.FULLCOPY_WRITE_METHOD.string(null);
        if (v == null) {
            return LOAD_DATA;
        }
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown full-copy write method '" + v
                    + "'; use load-data, multi-row-insert or prepared-batch");
        }
    }
}
