package dev.sluice.fullcopy;

import java.util.Locale;

/**
 * One copied column of a source table: its source name, the destination name after mapping, and the type facts the
 * copier needs to move its value bit-exactly.
 */
public record ColumnInfo(String name, String destinationName, String dataType, String columnType, boolean nullable) {

    /**
     * How a value of this column travels. TEXT: numbers and temporals in the server's ASCII text form; STRING:
     * character data in the column's own character set; BINARY_STRING and SPATIAL: raw bytes; JSON: utf8mb4 text
     * that must be loaded with a character set; BIT: bytes loaded as an unsigned number.
     */
    public enum Kind { TEXT, STRING, BIT, INTEGER, UNSIGNED_INTEGER, BINARY_STRING, SPATIAL, JSON }

    public Kind kind() {
        String t = dataType.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "bit" -> Kind.BIT;
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" ->
                    columnType.toLowerCase(Locale.ROOT).contains("unsigned") ? Kind.UNSIGNED_INTEGER : Kind.INTEGER;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BINARY_STRING;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> Kind.STRING;
            case "json" -> Kind.JSON;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> Kind.SPATIAL;
            default -> Kind.TEXT;
        };
    }

    public boolean isInteger() {
        return kind() == Kind.INTEGER || kind() == Kind.UNSIGNED_INTEGER;
    }
}
