package dev.sluice.fullcopy;

import dev.sluice.testing.DbServer;
import java.util.List;

/**
 * The edge-case tables of the full-copy tests: a torture table with every type, composite-key, string-key, no-key,
 * empty and one-row tables, and BIGINT UNSIGNED extremes. {@link #create} makes them (empty) in a database;
 * {@link #fill} adds the rows (source only).
 */
final class TestTables {
    static final List<String> NAMES = List.of("torture", "composite_key", "string_key", "no_key", "empty_table",
            "one_row", "unsigned_extremes", "sparse_int");

    private TestTables() {
    }

    static void create(DbServer s, String db, boolean mariaDb) {
        String json = mariaDb ? "LONGTEXT" : "JSON";
        s.executeIn(db,
                "CREATE TABLE torture (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, ti TINYINT, si SMALLINT UNSIGNED, "
                        + "mi MEDIUMINT, i INT, bi BIGINT, d DECIMAL(65,30), d2 DECIMAL(10,2), f FLOAT, fd FLOAT(7,4), "
                        + "dbl DOUBLE, b1 BIT(1), b64 BIT(64), b13 BIT(13), dt DATE, dtm DATETIME(6), dtm0 DATETIME, "
                        + "ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(3), yr YEAR, ch CHAR(10), "
                        + "vc VARCHAR(300) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, lat VARCHAR(50) CHARACTER SET latin1, "
                        + "bn BINARY(4), vb VARBINARY(100), bl BLOB, tx TEXT CHARACTER SET utf8mb4, lb LONGBLOB, "
                        + "en ENUM('a','b','c'), st SET('x','y','z'), js " + json + ", g GEOMETRY, pt POINT, "
                        + "gc BIGINT AS (i DIV 2) VIRTUAL)",
                "CREATE TABLE composite_key (a INT NOT NULL, b VARCHAR(20) NOT NULL, c DATETIME(3) NOT NULL, v TEXT, "
                        + "PRIMARY KEY (a, b, c))",
                "CREATE TABLE string_key (k VARCHAR(64) CHARACTER SET utf8mb4 NOT NULL, v INT, UNIQUE KEY uk (k))",
                "CREATE TABLE no_key (a INT, b VARCHAR(10))",
                "CREATE TABLE empty_table (id INT PRIMARY KEY, v VARCHAR(10))",
                "CREATE TABLE one_row (id INT PRIMARY KEY, v VARCHAR(10))",
                "CREATE TABLE unsigned_extremes (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, v INT)",
                "CREATE TABLE sparse_int (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(20))");
    }

    static void fill(DbServer s, String db, boolean mariaDb) {
        s.executeIn(db,
                "SET SESSION sql_mode = ''",
                "SET SESSION time_zone = '+00:00'",
                "INSERT INTO torture (id) VALUES (1)",
                "INSERT INTO torture VALUES (2, -128, 65535, -8388608, -2147483648, -9223372036854775808, "
                        + "-12345678901234567890123456789012345.123456789012345678901234567890, -0.01, "
                        + "3.1415927, 3.1416, -1.7976931348623157E308, b'1', b'1111111111111111111111111111111111111111111111111111111111111111', "
                        + "b'1010101010101', '0000-00-00', '0000-00-00 00:00:00', '2024-02-29 23:59:59', "
                        + "'1970-01-01 00:00:01.000001', '-838:59:59.000', 1901, '', '', '', x'00000000', x'', x'', '', x'', "
                        + "'a', '', '{}', ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(-1.5 2.25)'), DEFAULT)",
                "INSERT INTO torture VALUES (3, 127, 0, 8388607, 2147483647, 9223372036854775807, "
                        + "99999999999999999999999999999999999.999999999999999999999999999999, 99999999.99, "
                        + "-0.0, -999.9999, 2.2250738585072014E-308, b'0', b'0', b'0', '9999-12-31', "
                        + "'9999-12-31 23:59:59.999999', '1000-01-01 00:00:00', '2038-01-19 03:14:07.999999', '838:59:59.999', "
                        + "2155, 'tab\\there', 'emoji 😀 ñ 中文 \\\\ back', 'caf\\xE9', x'00090A5C', x'5C0A0D090027', "
                        + "x'000102030405FFFEFD0A0D5C4E', 'line1\\nline2\\ttab \\\\N \\N', REPEAT(x'5C4E0A', 5000), 'c', 'x,z', "
                        + "'{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": \"😀\"}, \"d\": 1.0E-7}', "
                        + "ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(5 5,7 5,7 7,5 7,5 5))'), "
                        + "ST_GeomFromText('POINT(0 0)'), DEFAULT)",
                "INSERT INTO torture (id, vc, tx, js, dt) VALUES (18446744073709551615, 'NULL', '\\\\N', 'null', '2020-00-00')",
                "INSERT INTO torture (id, lat, vc) VALUES (0, 'Ã¼', ' trailing space ')");
        StringBuilder ck = new StringBuilder("INSERT INTO composite_key VALUES ");
        for (int a = 0; a < 30; a++) {
            for (int b = 0; b < 10; b++) {
                ck.append(a + b > 0 ? "," : "").append("(").append(a % 7).append(", 'k").append(b).append(a)
                        .append("', '2024-01-0").append(1 + b % 9).append(" 10:00:0").append(a % 10).append(".")
                        .append(b).append("', 'v").append(a * b).append("')");
            }
        }
        s.executeIn(db, ck.toString());
        StringBuilder sk = new StringBuilder("INSERT INTO string_key VALUES ");
        for (int i = 0; i < 250; i++) {
            sk.append(i > 0 ? "," : "").append("('key-").append(Integer.toString(i * 7919 % 1000, 36))
                    .append(i % 3 == 0 ? "-ñ😀" : "").append("-").append(i).append("', ").append(i).append(")");
        }
        s.executeIn(db, sk.toString(),
                "INSERT INTO no_key VALUES (1, 'a'), (1, 'a'), (NULL, NULL), (2, ''), (3, 'c')",
                "INSERT INTO one_row VALUES (42, 'only')",
                "INSERT INTO unsigned_extremes VALUES (0, 1), (1, 2), (9223372036854775807, 3), "
                        + "(9223372036854775808, 4), (18446744073709551614, 5), (18446744073709551615, 6)");
        StringBuilder sp = new StringBuilder("INSERT INTO sparse_int VALUES ");
        for (int i = 0; i < 200; i++) {
            long id = i < 150 ? i : (long) i * 1_000_000_000_000L;
            sp.append(i > 0 ? "," : "").append("(").append(i % 2 == 0 ? -id : id).append(", 'r").append(i).append("')");
        }
        s.executeIn(db, sp.toString());
    }
}
