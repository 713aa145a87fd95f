package dev.sluice.verification;

import dev.sluice.table.MappedColumn;

/**
 * One compared column: the shared column model with its destination name ({@link MappedColumn}), how verification
 * normalizes it ({@link ColumnKind}) and {@code convert} when its character set differs between the sides, so text
 * is hashed as utf8mb4 bytes (same character set: the stored bytes are hashed as they are, whatever the collation).
 */
public record ColumnInfo(MappedColumn mapped, ColumnKind kind, boolean convert) {

    public String sourceName() {
        return mapped.name();
    }

    public String destName() {
        return mapped.destinationName();
    }

    public boolean nullable() {
        return mapped.nullable();
    }

    /** The column name on the given side. */
    public String name(Side side) {
        return side == Side.SOURCE ? sourceName() : destName();
    }
}
