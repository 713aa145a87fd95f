package dev.sluice.fidelity;

import dev.sluice.db.Sql;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded random tables for the differential test: a key of one of six kinds (integer, composite, string, binary
 * primary key; UNIQUE NOT NULL only; none) and 3-6 columns drawn from a pool of types, with value generators that
 * favour edge values (trailing zero bytes, 4-byte characters, negative fractional TIME, extreme numbers, NULL).
 */
final class RandomSchema {
    private RandomSchema() {
    }

    record ColumnType(String ddl, Function<Random, String> value) {
    }

    /** A key kind: its column definitions, key clause and a generator per key column (small domains collide). */
    enum KeyKind { INT_PK, COMPOSITE_PK, STRING_PK, BINARY_PK, UNIQUE_ONLY, KEYLESS }

    static final class RandomTable {
        volatile String name;
        final KeyKind key;
        final List<String> keyColumns = new ArrayList<>();
        final List<Function<Random, String>> keyValues = new ArrayList<>();
        final List<String> columns = new ArrayList<>();
        final List<Function<Random, String>> values = new ArrayList<>();
        final List<String> ddl = new ArrayList<>();

        RandomTable(String name, KeyKind key) {
            this.name = name;
            this.key = key;
        }

        String create() {
            return "CREATE TABLE " + Sql.id(name) + " (" + String.join(", ", ddl) + switch (key) {
                case INT_PK, STRING_PK, BINARY_PK -> ", PRIMARY KEY (k1)";
                case COMPOSITE_PK -> ", PRIMARY KEY (k1, k2)";
                case UNIQUE_ONLY -> ", UNIQUE KEY uk (k1)";
                case KEYLESS -> "";
            } + ")";
        }

        String where(Random r) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < keyColumns.size(); i++) {
                parts.add(Sql.id(keyColumns.get(i)) + " = " + keyValues.get(i).apply(r));
            }
            return " WHERE " + String.join(" AND ", parts) + (key == KeyKind.KEYLESS ? " LIMIT 1" : "");
        }

        String insert(Random r, int rows, boolean replace) {
            List<String> cols = new ArrayList<>(keyColumns);
            cols.addAll(columns);
            StringBuilder sb = new StringBuilder(replace ? "REPLACE" : "INSERT").append(" INTO ").append(Sql.id(name))
                    .append(" (").append(String.join(", ", cols.stream().map(Sql::id).toList())).append(") VALUES ");
            for (int n = 0; n < rows; n++) {
                sb.append(n == 0 ? "(" : ", (");
                for (int i = 0; i < keyValues.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(keyValues.get(i).apply(r));
                }
                for (Function<Random, String> v : values) {
                    sb.append(", ").append(v.apply(r));
                }
                sb.append(')');
            }
            return sb.toString();
        }

        String update(Random r) {
            int i = r.nextInt(columns.size());
            String set = Sql.id(columns.get(i)) + " = " + values.get(i).apply(r);
            if (r.nextBoolean()) {
                int j = r.nextInt(columns.size());
                set += ", " + Sql.id(columns.get(j)) + " = " + values.get(j).apply(r);
            }
            return "UPDATE " + Sql.id(name) + " SET " + set + where(r);
        }

        String keyChange(Random r) {
            return "UPDATE " + Sql.id(name) + " SET " + Sql.id(keyColumns.get(0)) + " = " + keyValues.get(0).apply(r)
                    + where(r);
        }

        String delete(Random r) {
            return "DELETE FROM " + Sql.id(name) + where(r);
        }
    }

    static List<RandomTable> tables(Random r, int count, boolean mysql) {
        List<RandomTable> out = new ArrayList<>();
        KeyKind[] kinds = KeyKind.values();
        for (int t = 0; t < count; t++) {
            KeyKind kind = t < kinds.length ? kinds[(t + r.nextInt(kinds.length)) % kinds.length]
                    : kinds[r.nextInt(kinds.length)];
            RandomTable table = new RandomTable("r" + t + "_" + kind.name().toLowerCase(), kind);
            switch (kind) {
                case INT_PK, UNIQUE_ONLY -> key(table, "k1 INT NOT NULL", rr -> Integer.toString(rr.nextInt(400)));
                case COMPOSITE_PK -> {
                    key(table, "k1 INT NOT NULL", rr -> Integer.toString(rr.nextInt(40)));
                    key(table, "k2 VARCHAR(8) CHARACTER SET utf8mb4 NOT NULL",
                            rr -> "'" + new String[] {"a", "b", "\u00e9", "\uD83D\uDE00", "c d"}[rr.nextInt(5)] + "'");
                }
                case STRING_PK -> key(table, "k1 VARCHAR(20) CHARACTER SET utf8mb4 NOT NULL",
                        rr -> "'k" + rr.nextInt(300) + (rr.nextInt(4) == 0 ? "\u00e9\uD83D\uDE00" : "") + "'");
                case BINARY_PK -> key(table, "k1 VARBINARY(8) NOT NULL", rr -> "x'" + HexFormat.of()
                        .formatHex(new byte[] {(byte) rr.nextInt(20), (byte) rr.nextInt(20)}) + "00".repeat(rr.nextInt(3))
                        + "'");
                case KEYLESS -> key(table, "k1 INT NULL", rr -> Integer.toString(rr.nextInt(60)));
            }
            List<ColumnType> pool = pool(mysql).stream().filter(ct -> !excluded(ct.ddl())).toList();
            int n = 3 + r.nextInt(4);
            for (int c = 0; c < n; c++) {
                ColumnType ct = pool.get(r.nextInt(pool.size()));
                String name = "c" + c;
                table.columns.add(name);
                table.values.add(rr -> rr.nextInt(10) == 0 ? "NULL" : ct.value().apply(rr));
                table.ddl.add(Sql.id(name) + " " + ct.ddl());
            }
            out.add(table);
        }
        return out;
    }

    /**
     * Whether {@code -Dsluice.fidelity.exclude} (comma-separated, case-insensitive prefixes of column types, e.g.
     * {@code ENUM,TIME}) leaves a type out, to look past a known defect for others. Default: nothing excluded.
     */
    static boolean excluded(String ddl) {
        for (String prefix : System.getProperty("sluice.fidelity.exclude", "").split(",")) {
            if (!prefix.isBlank() && ddl.toUpperCase(java.util.Locale.ROOT).startsWith(prefix.trim()
                    .toUpperCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static void key(RandomTable t, String ddl, Function<Random, String> gen) {
        String name = ddl.substring(0, ddl.indexOf(' '));
        t.keyColumns.add(name);
        t.keyValues.add(gen);
        t.ddl.add(ddl);
    }

    static List<ColumnType> pool(boolean mysql) {
        List<ColumnType> p = new ArrayList<>(List.of(
                new ColumnType("INT", r -> Integer.toString(r.nextInt())),
                new ColumnType("BIGINT UNSIGNED", r -> r.nextBoolean() ? "18446744073709551615"
                        : Long.toUnsignedString(r.nextLong())),
                new ColumnType("VARCHAR(30) CHARACTER SET utf8mb4", r -> "'" + text(r) + "'"),
                new ColumnType("VARCHAR(20) CHARACTER SET latin1", r -> "'" + (r.nextBoolean() ? "caf\u00e9" : "x ")
                        + r.nextInt(100) + "'"),
                new ColumnType("DECIMAL(30,10)", r -> (r.nextBoolean() ? "-" : "") + r.nextInt(1_000_000_000) + "."
                        + String.format("%010d", r.nextInt(1_000_000_000))),
                new ColumnType("DOUBLE", r -> switch (r.nextInt(4)) {
                    case 0 -> "-0.0";
                    case 1 -> "1.7976931348623157E308";
                    default -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
                }),
                new ColumnType("FLOAT", r -> Float.toString((float) (r.nextGaussian() * 1000))),
                new ColumnType("DATETIME(6)", r -> String.format("'%04d-%02d-%02d %02d:%02d:%02d.%06d'",
                        1000 + r.nextInt(9000), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60),
                        r.nextInt(60), r.nextInt(1_000_000))),
                new ColumnType("TIMESTAMP(6) NULL DEFAULT NULL", r -> "FROM_UNIXTIME(" + (1 + r.nextInt(2_000_000_000))
                        + "." + String.format("%06d", r.nextInt(1_000_000)) + ")"),
                new ColumnType("TIME(6)", r -> String.format("'%s%02d:%02d:%02d.%06d'", r.nextBoolean() ? "-" : "",
                        r.nextInt(839), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000))),
                new ColumnType("DATE", r -> r.nextInt(10) == 0 ? "'0000-00-00'" : String.format("'%04d-%02d-%02d'",
                        1000 + r.nextInt(9000), 1 + r.nextInt(12), 1 + r.nextInt(28))),
                // a 3-byte member, not a 4-byte one: the precheck refuses those (objects.enum_set_members; the server
                // prints them as '?'), and this test runs the engine without the precheck
                new ColumnType("ENUM('a','b','\u00e9','\u20ac') CHARACTER SET utf8mb4",
                        r -> "'" + new String[] {"a", "b", "\u00e9", "\u20ac"}[r.nextInt(4)] + "'"),
                new ColumnType("SET('x','y','z')", r -> "'" + new String[] {"", "x", "x,z", "x,y,z"}[r.nextInt(4)] + "'"),
                new ColumnType("VARBINARY(16)", r -> "x'" + HexFormat.of().formatHex(bytes(r)) + "'"),
                new ColumnType("BINARY(6)", r -> {
                    String h = HexFormat.of().formatHex(bytes(r));
                    return "x'" + h.substring(0, Math.min(12, h.length())) + "'";
                }),
                new ColumnType("BLOB", r -> "x'" + HexFormat.of().formatHex(bytes(r)) + "'"),
                new ColumnType("BIT(64)", r -> "b'" + Long.toBinaryString(r.nextLong()) + "'"),
                new ColumnType("YEAR", r -> Integer.toString(r.nextBoolean() ? 0 : 1901 + r.nextInt(255)))));
        if (mysql) {
            p.add(new ColumnType("JSON", r -> switch (r.nextInt(4)) {
                case 0 -> "JSON_OBJECT('n', " + r.nextInt() + ", 'a', JSON_ARRAY('x', 1.5, NULL, true))";
                case 1 -> "JSON_ARRAY(CAST('2020-01-02 03:04:05.5' AS DATETIME(6)), CAST(1.50 AS DECIMAL(5,2)))";
                case 2 -> "'\"" + text(r).replace("\\", "") + "\"'";
                default -> "'null'";
            }));
        }
        return p;
    }

    private static String text(Random r) {
        String[] parts = {"a", "\u00e9", "\uD83D\uDE00", " ", "''", "\\\\", "z", "\u4e2d"};
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(parts[r.nextInt(parts.length)]);
        }
        return sb.toString();
    }

    private static byte[] bytes(Random r) {
        byte[] b = new byte[r.nextInt(7)];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(3) == 0 ? 0 : (byte) r.nextInt(256);
        }
        return b;
    }
}
