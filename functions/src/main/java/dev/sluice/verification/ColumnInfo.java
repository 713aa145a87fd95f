package dev.sluice.verification;

/**
 * One compared column: its source name, its destination name (after name mapping), its kind and whether it may
 * be NULL on the source.
 */
public record ColumnInfo(String sourceName, String destName, ColumnKind kind, String columnType, boolean nullable) {

    /** The column name on the given side. */
    public String name(Side side) {
        return side == Side.SOURCE ? sourceName : destName;
    }
}
