package dev.sluice.verification;

/**
 * One compared column: its source name, its destination name (after name mapping), its kind and whether it may
 * be NULL on the source; {@code convert} when its character set differs between the sides, so text is hashed as
 * utf8mb4 bytes (same character set: the stored bytes are hashed as they are, whatever the collation).
 */
public record ColumnInfo(String sourceName, String destName, ColumnKind kind, String columnType, boolean nullable,
                         boolean convert) {

    /** The column name on the given side. */
    public String name(Side side) {
        return side == Side.SOURCE ? sourceName : destName;
    }
}
