package dev.sluice.fullcopy;

import java.util.Locale;

/**
 * One copied column of a source table: its source name, the destination name after mapping, and the type facts the
 * copier needs to move its value bit-exactly.
 */
public record ColumnInfo(String name, String destinationName, String dataType, String columnType, boolean nullable) {

    /** How a value of this column travels: raw bytes, or a BIT value that must be loaded as a number. */
    public enum Kind { BYTES, BIT, INTEGER, UNSIGNED_INTEGER, BINARY_STRING }

    public Kind kind() {
        String t = dataType.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "bit" -> Kind.BIT;
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" ->
                    columnType.toLowerCase(Locale.ROOT).contains("unsigned") ? Kind.UNSIGNED_INTEGER : Kind.INTEGER;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BINARY_STRING;
            default -> Kind.BYTES;
        };
    }

    public boolean isInteger() {
        return kind() == Kind.INTEGER || kind() == Kind.UNSIGNED_INTEGER;
    }
}
