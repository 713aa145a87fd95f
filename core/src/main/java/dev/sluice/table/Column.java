package dev.sluice.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One column of a table as information_schema.COLUMNS describes it, the one column model every phase reads:
 * name and ordinal, {@code dataType} ({@code varchar}, lower case) and full {@code columnType}
 * ({@code varchar(20)}, {@code int unsigned}, {@code enum('a','B')} as the server prints it), nullability, the character
 * length and the byte length (CHARACTER_OCTET_LENGTH: the fixed width of BINARY(n)/CHAR(n), which the server pads
 * to), character set and collation (null for non-text), how it is generated (with its expression) and whether it
 * is INVISIBLE (MySQL 8.0.23+, MariaDB 10.3+).
 */
public record Column(String name, int ordinal, String dataType, String columnType, boolean nullable,
                     Long charLength, Long byteLength, String charset, String collation, Generation generation,
                     String generationExpression, boolean invisible) {

    /** Whether and how the server computes the value. */
    public enum Generation {
        NONE, VIRTUAL, STORED;

        private static final Pattern GENERATED = Pattern.compile("\\b(VIRTUAL|STORED|PERSISTENT) GENERATED\\b");

        /**
         * From EXTRA: {@code VIRTUAL GENERATED}, {@code STORED GENERATED} (MySQL, MariaDB) or MariaDB's
         * {@code PERSISTENT GENERATED}. MySQL 8.0's {@code DEFAULT_GENERATED} marks an expression default such as
         * {@code DEFAULT CURRENT_TIMESTAMP}: an ordinary column, copied like any other.
         */
        public static Generation of(String extra) {
            Matcher m = GENERATED.matcher(extra == null ? "" : extra.toUpperCase(Locale.ROOT));
            return !m.find() ? NONE : m.group(1).equals("VIRTUAL") ? VIRTUAL : STORED;
        }
    }

    /**
     * How a value of this column travels. TEXT: numbers and temporals in the server's ASCII text form; STRING:
     * character data in the column's own character set; BINARY_STRING and SPATIAL: raw bytes; JSON: utf8mb4 text
     * that must be loaded with a character set; BIT: bytes loaded as an unsigned number; MEMBER: ENUM/SET, read and
     * written as the member index / SET bitmask (an unsigned number, as the binlog carries them).
     */
    public enum Kind { TEXT, STRING, BIT, INTEGER, UNSIGNED_INTEGER, BINARY_STRING, SPATIAL, JSON, MEMBER }

    public Column {
        dataType = dataType.toLowerCase(Locale.ROOT);
    }

    public boolean generated() {
        return generation != Generation.NONE;
    }

    public boolean unsigned() {
        return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    public Kind kind() {
        return switch (dataType) {
            case "bit" -> Kind.BIT;
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" ->
                    unsigned() ? Kind.UNSIGNED_INTEGER : Kind.INTEGER;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BINARY_STRING;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> Kind.STRING;
            case "enum", "set" -> Kind.MEMBER;
            case "json" -> Kind.JSON;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> Kind.SPATIAL;
            default -> Kind.TEXT;
        };
    }

    public boolean isInteger() {
        return kind() == Kind.INTEGER || kind() == Kind.UNSIGNED_INTEGER;
    }

    /** True when a key value of this column travels as bytes (hex in the ledger), not as text. */
    public boolean bytesValue() {
        return kind() == Kind.BINARY_STRING || kind() == Kind.BIT;
    }

    /**
     * True when the server orders the column (ORDER BY) exactly as it compares it with a bound value written as
     * text, so key ranges {@code [lo, hi)} cut on it partition the rows: integers, DECIMAL, temporals, character
     * and binary strings. Not FLOAT/DOUBLE (approximate), BIT, ENUM/SET (ordered by member index, compared as
     * text), JSON or spatial.
     */
    public boolean orderable() {
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "year",
                 "date", "datetime", "timestamp", "time", "char", "varchar", "binary", "varbinary" -> true;
            default -> false;
        };
    }

    /** The most bytes a value takes in an index (the "narrowest key" tie-break); 8 when not fixed or known. */
    public long maxBytes() {
        return switch (dataType) {
            case "tinyint", "year" -> 1;
            case "smallint" -> 2;
            case "mediumint", "date", "time" -> 3;
            case "int", "integer", "timestamp", "float" -> 4;
            case "bigint", "datetime", "double" -> 8;
            default -> byteLength != null && byteLength > 0 ? byteLength : 8;
        };
    }

    /** The members of an ENUM or SET, in definition order (empty for other types). */
    public List<String> members() {
        if (!dataType.equals("enum") && !dataType.equals("set")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String t = columnType;
        int i = t.indexOf('(') + 1;
        while (i > 0 && i < t.length() && t.charAt(i) == '\'') {
            StringBuilder m = new StringBuilder();
            int j = i + 1;
            while (j < t.length()) {
                char ch = t.charAt(j);
                if (ch == '\'' && j + 1 < t.length() && t.charAt(j + 1) == '\'') {
                    m.append('\'');
                    j += 2;
                } else if (ch == '\'') {
                    break;
                } else if (ch == '\\' && j + 1 < t.length()) {
                    m.append(t.charAt(j + 1));
                    j += 2;
                } else {
                    m.append(ch);
                    j++;
                }
            }
            out.add(m.toString());
            i = j + 2; // past the closing quote and the comma
        }
        return out;
    }
}
