package dev.sluice.db;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a MySQL JSON document with its scalar types. JSON text cannot say DATETIME, DATE, TIME, DECIMAL, UNSIGNED
 * INTEGER or opaque binary (MySQL keeps them as typed scalars; parsed from text they become strings, doubles and
 * signed integers), and MySQL's text parser rounds some doubles ({@code 1e300}). A document without such values is
 * its text; with them it is an {@link Expression}: {@code JSON_SET(CAST(? AS JSON), path, typed value, ...)} over
 * the text, each typed scalar a CAST of its exact text put back at its path. The one writer for the binlog
 * (decoded binary JSON) and the full copy (text plus the source's {@code JSON_TYPE} of its scalars).
 */
public final class TypedJson {
    /** MySQL field types of the opaque scalars this writer reproduces (binary strings). */
    private static final int VARCHAR = 15;
    private static final int LONG_BLOB = 251;

    private StringBuilder sql;
    private List<Object> params;

    /**
     * A JSON document written as the SQL expression {@link #sql}, whose parameters are {@link #params} in order
     * (the document text first, then a path and a value for each typed scalar; all strings).
     */
    public record Expression(String text, String sql, Object[] params) {
    }

    /** Thrown for a typed scalar that no SQL expression reproduces exactly; the caller names table, key, column. */
    public static final class UnsupportedValueException extends IllegalArgumentException {
        public UnsupportedValueException(String message) {
            super(message);
        }
    }

    /** Whether a typed scalar was put. */
    public boolean typed() {
        return sql != null;
    }

    /** The document: {@code text} itself when nothing was typed, else the {@link Expression} over it. */
    public Object build(String text) {
        if (sql == null) {
            return text;
        }
        params.set(0, text);
        return new Expression(text, sql + ")", params.toArray());
    }

    public void datetime(String path, String value) {
        put(path, "CAST(? AS DATETIME(6))", value);
    }

    public void date(String path, String value) {
        put(path, "CAST(? AS DATE)", value);
    }

    /**
     * A TIME scalar. MySQL does not keep a JSON TIME of 32 hours or more exactly (8.0.31 stores
     * {@code JSON_ARRAY(CAST('838:59:59' AS TIME))} as {@code 630:59:59} and prints {@code 06:59:59} for it; what it
     * prints, written back, is stored as yet another time), so such a value cannot be reproduced: refused.
     */
    public void time(String path, String value) {
        if (timeHours(value) >= 32) {
            throw new UnsupportedValueException("the JSON TIME scalar " + value + " at " + path + " is 32 hours or "
                    + "more, which MySQL does not store exactly inside JSON (writing it again stores another time), "
                    + "so it cannot be copied unchanged. Store it as a JSON string on the source (e.g. JSON_SET(doc, '"
                    + path + "', CAST(JSON_UNQUOTE(JSON_EXTRACT(doc, '" + path + "')) AS CHAR))) or leave the "
                    + "column out of the task");
        }
        put(path, "CAST(? AS TIME(6))", value);
    }

    /** The absolute hours of a TIME literal ({@code -838:59:59.000000} → 838). */
    static int timeHours(String value) {
        String v = value.startsWith("-") ? value.substring(1) : value;
        int colon = v.indexOf(':');
        try {
            return Integer.parseInt(colon < 0 ? v : v.substring(0, colon));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public void decimal(String path, BigDecimal value) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        int scale = Math.min(v.scale(), 30);
        int precision = Math.min(Math.max(v.precision(), scale), 65);
        put(path, "CAST(? AS DECIMAL(" + Math.max(precision, 1) + "," + scale + "))", v.toPlainString());
    }

    /** A double from its exact text ({@code * 1E0}: exact string-to-double, keeps -0, unlike {@code + 0E0}). */
    public void doubleValue(String path, String text) {
        put(path, "(? * 1E0)", text);
    }

    public void unsigned(String path, String digits) {
        put(path, "CAST(? AS UNSIGNED)", digits);
    }

    /**
     * An opaque scalar of MySQL field type {@code fieldType}: VARCHAR (what {@code CAST(... AS BINARY)} makes on
     * MySQL 8.0) and LONG_BLOB ({@code UNCOMPRESS(COMPRESS(...))}); no expression makes the others (BINARY and BLOB
     * columns' STRING and BLOB, 5.7's VAR_STRING, BIT, YEAR, ...), so they are refused rather than written changed.
     */
    public void opaque(String path, int fieldType, byte[] data) {
        String cast = switch (fieldType) {
            case VARCHAR -> "CAST(FROM_BASE64(?) AS BINARY)";
            case LONG_BLOB -> "UNCOMPRESS(COMPRESS(FROM_BASE64(?)))";
            default -> throw new UnsupportedValueException("an opaque JSON scalar of MySQL field type " + fieldType
                    + " (printed base64:type" + fieldType + ":...) at " + path + ", which no SQL expression makes on "
                    + "the destination");
        };
        put(path, cast, Base64.getEncoder().encodeToString(data));
    }

    private void put(String path, String cast, String value) {
        if (sql == null) {
            sql = new StringBuilder("JSON_SET(CAST(? AS JSON)");
            params = new ArrayList<>();
            params.add(null);
        }
        sql.append(", ?, ").append(cast);
        params.add(path);
        params.add(value);
    }

    /** The path of a value inside containers: a member name (String) or an element index (Integer) per level. */
    public static String path(List<?> steps) {
        StringBuilder p = new StringBuilder("$");
        for (Object o : steps) {
            if (o instanceof Integer index) {
                p.append('[').append(index).append(']');
            } else {
                appendMember(p, (String) o);
            }
        }
        return p.toString();
    }

    private static void appendMember(StringBuilder p, String name) {
        p.append(".\"");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                p.append('\\').append(c);
            } else if (c < 0x20) {
                p.append(String.format("\\u%04x", (int) c));
            } else {
                p.append(c);
            }
        }
        p.append('"');
    }
}
