package dev.sluice.verification;

import dev.sluice.db.Sql;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reading normalized values from result sets, binding them back as statement parameters and writing them as SQL
 * literals. Byte values travel as {@code 0x<hex>} text; numbers as exact decimal text (BIGINT UNSIGNED safe).
 */
public final class Values {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Values() {
    }

    /** The value of column {@code index} as verification's text (null for SQL NULL). */
    public static String read(ResultSet rs, int index, ColumnKind kind) throws SQLException {
        if (kind.binaryValue()) {
            byte[] b = rs.getBytes(index);
            return b == null ? null : "0x" + HEX.formatHex(b);
        }
        return rs.getString(index);
    }

    /** A value read by {@link RowSql#literalSelect}: bytes for binary kinds, text otherwise. */
    public static String readLiteral(ResultSet rs, int index, ColumnKind kind) throws SQLException {
        if (kind == ColumnKind.BLOB || kind.binaryValue()) {
            byte[] b = rs.getBytes(index);
            return b == null ? null : "0x" + HEX.formatHex(b);
        }
        return rs.getString(index);
    }

    /** Binds a value read by {@link #read} so the server compares it like the column's own values. */
    public static void bind(PreparedStatement ps, int index, ColumnKind kind, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.NULL);
        } else if (kind.binaryValue()) {
            ps.setBytes(index, bytes(value));
        } else if (kind == ColumnKind.INTEGER || kind == ColumnKind.DECIMAL || kind == ColumnKind.BIT) {
            ps.setBigDecimal(index, new BigDecimal(value));
        } else {
            ps.setString(index, value);
        }
    }

    public static void bindAll(PreparedStatement ps, List<ColumnKind> kinds, List<String> values)
            throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            bind(ps, i + 1, kinds.get(i), values.get(i));
        }
    }

    /** The bytes of a {@code 0x<hex>} value. */
    public static byte[] bytes(String value) {
        return HEX.parseHex(value.substring(2));
    }

    /**
     * A SQL literal for a value of the given kind as fetched by {@link RowSql#literalSelect}: numbers unquoted,
     * bytes as hex literals, text as hex-encoded utf8mb4 (no escaping questions, any sql_mode), temporal quoted.
     */
    public static String literal(ColumnKind kind, String value) {
        if (value == null) {
            return "NULL";
        }
        return switch (kind) {
            case INTEGER, DECIMAL, BIT -> checkedNumber(value);
            case FLOAT -> checkedNumber(value) + (value.contains("e") || value.contains("E") ? "" : "E0");
            case BINARY, BLOB, SPATIAL -> value.length() == 2 ? "''" : "X'" + value.substring(2) + "'";
            case STRING, ENUM_SET, TEXT, JSON -> "CONVERT(X'" + HEX.formatHex(value.getBytes(StandardCharsets.UTF_8))
                    + "' USING utf8mb4)";
            case TEMPORAL -> Sql.literal(value);
        };
    }

    private static String checkedNumber(String value) {
        if (!value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            throw new IllegalStateException("value " + value + " is not a number; cannot write it as a literal");
        }
        return value;
    }
}
