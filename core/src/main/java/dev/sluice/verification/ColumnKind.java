package dev.sluice.verification;

import java.util.Locale;

/**
 * How verification treats a column type: how its value is normalized before hashing, how a value read back is
 * bound or written as a SQL literal.
 */
public enum ColumnKind {
    /** TINYINT..BIGINT (signed or unsigned) and YEAR: the decimal text. */
    INTEGER,
    /** DECIMAL/NUMERIC: the decimal text at the column's scale. */
    DECIMAL,
    /** FLOAT/DOUBLE: the exact binary value widened to DOUBLE, printed by the server (shortest round trip). */
    FLOAT,
    /** BIT(n): the unsigned integer value. */
    BIT,
    /** DATE, DATETIME(n), TIMESTAMP(n) (read in UTC), TIME(n): the server's text form with its fraction. */
    TEMPORAL,
    /** CHAR/VARCHAR: the UTF-8 (utf8mb4) bytes, so the collation and charset of either side do not matter. */
    STRING,
    /** ENUM/SET: the value text as UTF-8 bytes (not the index). */
    ENUM_SET,
    /** TINYTEXT..LONGTEXT: MD5 of the UTF-8 bytes (keeps long values out of the row string). */
    TEXT,
    /** BINARY/VARBINARY: the bytes. */
    BINARY,
    /** TINYBLOB..LONGBLOB: MD5 of the bytes. */
    BLOB,
    /** JSON: a canonical text (MySQL's JSON output, MariaDB's JSON_NORMALIZE) or a Java comparison. */
    JSON,
    /** GEOMETRY and friends: the internal bytes (SRID + WKB). */
    SPATIAL;

    /** The kind of an information_schema DATA_TYPE (lower case). */
    public static ColumnKind of(String dataType) {
        String t = dataType.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year" -> INTEGER;
            case "decimal", "numeric" -> DECIMAL;
            case "float", "double", "real", "double precision" -> FLOAT;
            case "bit" -> BIT;
            case "date", "datetime", "timestamp", "time" -> TEMPORAL;
            case "char", "varchar" -> STRING;
            case "enum", "set" -> ENUM_SET;
            case "tinytext", "text", "mediumtext", "longtext" -> TEXT;
            case "binary", "varbinary" -> BINARY;
            case "tinyblob", "blob", "mediumblob", "longblob" -> BLOB;
            case "json" -> JSON;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> SPATIAL;
            default -> throw new IllegalArgumentException("column type " + dataType + " is not known to "
                    + "verification; leave the column out with objects[].columns or report it as a Sluice bug");
        };
    }

    /** True when the normalized value is raw bytes (shown and compared as hex in Java). */
    public boolean binaryValue() {
        return this == BINARY || this == SPATIAL;
    }

    /** True when the normalized value is a number text written unquoted in SQL. */
    public boolean numeric() {
        return this == INTEGER || this == DECIMAL || this == FLOAT || this == BIT;
    }
}
