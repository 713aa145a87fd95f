package dev.sluice.fidelity;

import dev.sluice.db.Sql;
import dev.sluice.fidelity.TypeCatalog.Kind;
import dev.sluice.testing.DbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads every row of a table value by value the same way on both sides: each column through its typed JDBC getter
 * over the binary protocol (server-side prepared statement, so FLOAT/DOUBLE arrive as their exact bits) plus server
 * expressions where text would hide a difference: HEX() for strings, binary, ENUM/SET and spatial values, the
 * numeric value of BIT/ENUM/SET, the text of temporal values in UTC, and for JSON its text plus the JSON_TYPE of the
 * document and of nested members (a DATETIME scalar and a string look alike as text).
 */
final class ValueReader {
    private ValueReader() {
    }

    record ColumnRead(String name, String dataType, Kind kind) {
    }

    /** A table's columns and rows; each row holds one rendered cell per column. */
    record Table(List<ColumnRead> columns, List<List<String>> rows) {
        int index(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(column)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
    }

    static Connection connect(DbServer server) throws SQLException {
        Connection c = DriverManager.getConnection(server.jdbcUrl("") + "&useServerPrepStmts=true",
                server.rootUser(), DbServer.ROOT_PASSWORD);
        try (Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    static List<ColumnRead> columns(Connection c, String db, String table) throws SQLException {
        List<ColumnRead> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ColumnRead(rs.getString(1), rs.getString(2), kind(rs.getString(2))));
                }
            }
        }
        return out;
    }

    static Kind kind(String dataType) {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "int", "bigint" -> Kind.INT;
            case "decimal" -> Kind.DECIMAL;
            case "float" -> Kind.FLOAT;
            case "double" -> Kind.DOUBLE;
            case "date", "datetime", "timestamp", "time", "year" -> Kind.TEMPORAL;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> Kind.STRING;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> Kind.BINARY;
            case "bit" -> Kind.BIT;
            case "enum", "set" -> Kind.ENUM_SET;
            case "json" -> Kind.JSON;
            default -> Kind.SPATIAL;
        };
    }

    /** The server expressions read next to the column itself. */
    static List<String> probes(Kind kind, String col) {
        return switch (kind) {
            case INT, DECIMAL, TEMPORAL -> List.of("CAST(" + col + " AS CHAR)");
            case FLOAT, DOUBLE -> List.of();
            case STRING, BINARY, SPATIAL -> List.of("HEX(" + col + ")");
            case BIT -> List.of("CAST(" + col + " + 0 AS CHAR)");
            case ENUM_SET -> List.of("HEX(" + col + ")", "CAST(" + col + " + 0 AS CHAR)");
            case JSON -> List.of("CAST(" + col + " AS CHAR)", "CONCAT_WS(',', JSON_TYPE(" + col + ")"
                    + jsonTypes(col, "$[0]", "$[1]", "$[2]", "$[3]", "$[4]", "$[5]", "$.d", "$.n.t", "$.a[1].c[0]")
                    + ")");
        };
    }

    private static String jsonTypes(String col, String... paths) {
        StringBuilder sb = new StringBuilder();
        for (String p : paths) {
            sb.append(", IFNULL(JSON_TYPE(JSON_EXTRACT(").append(col).append(", '").append(p).append("')), '-')");
        }
        return sb.toString();
    }

    static Table read(DbServer server, String db, String table) throws SQLException {
        try (Connection c = connect(server)) {
            return read(c, db, table);
        }
    }

    static Table read(Connection c, String db, String table) throws SQLException {
        List<ColumnRead> cols = columns(c, db, table);
        if (cols.isEmpty()) {
            return new Table(cols, List.of());
        }
        StringBuilder select = new StringBuilder("SELECT ");
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            ColumnRead col = cols.get(i);
            String id = Sql.id(col.name());
            List<String> probes = probes(col.kind(), id);
            select.append(i == 0 ? "" : ", ").append(id);
            for (String p : probes) {
                select.append(", ").append(p);
            }
            widths.add(1 + probes.size());
        }
        select.append(" FROM ").append(Sql.id(db, table));
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select.toString()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(cols.size());
                int at = 1;
                for (int i = 0; i < cols.size(); i++) {
                    StringBuilder cell = new StringBuilder(typed(rs, at, cols.get(i).kind()));
                    for (int p = 1; p < widths.get(i); p++) {
                        String v = rs.getString(at + p);
                        v = cols.get(i).kind() == Kind.JSON && p == 1 ? jsonText(v) : v;
                        cell.append(" | ").append(v == null ? "NULL" : v);
                    }
                    row.add(cell.toString());
                    at += widths.get(i);
                }
                rows.add(row);
            }
        }
        return new Table(cols, rows);
    }

    /** A DOUBLE -0 in JSON text: MySQL 5.7 prints it {@code -0}, 8.0 {@code -0.0}. */
    private static final java.util.regex.Pattern MINUS_ZERO =
            java.util.regex.Pattern.compile("(^|[\\[ :,])-0(?=$|[,\\]}])");

    /**
     * JSON text with the one display difference between MySQL versions made equal: the DOUBLE -0 (5.7 {@code -0},
     * 8.0 {@code -0.0}; 5.7 prints no integer as {@code -0}). The value and its type still show: {@code 0},
     * {@code 0.0} and {@code -0.0} stay apart, and the JSON_TYPE probes tell a DOUBLE from an INTEGER.
     */
    static String jsonText(String text) {
        return text == null ? null : MINUS_ZERO.matcher(text).replaceAll("$1-0.0");
    }

    /** The value through the getter of its type, rendered so that any bit of difference shows. */
    private static String typed(ResultSet rs, int i, Kind kind) {
        try {
            Object v = switch (kind) {
                case FLOAT -> {
                    float f = rs.getFloat(i);
                    yield rs.wasNull() ? null : f + " (bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
                }
                case DOUBLE -> {
                    double d = rs.getDouble(i);
                    yield rs.wasNull() ? null : d + " (bits " + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
                }
                case DECIMAL -> {
                    BigDecimal d = rs.getBigDecimal(i);
                    yield d == null ? null : d.toString();
                }
                case BINARY, SPATIAL, BIT -> {
                    byte[] b = rs.getBytes(i);
                    yield b == null ? null : "0x" + HexFormat.of().formatHex(b);
                }
                case STRING, ENUM_SET -> rs.getString(i);
                case JSON -> jsonText(rs.getString(i));
                case INT, TEMPORAL -> rs.getObject(i);
            };
            return v == null ? "NULL" : String.valueOf(v);
        } catch (SQLException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            return "getter threw " + e.getClass().getSimpleName() + ": " + (m.length() > 60 ? m.substring(0, 60) : m);
        }
    }
}
