package dev.sluice.schema;

import java.util.ArrayList;
import java.util.List;

/** DDL of the "torture" tables: every column type and attribute a flavor has, keys of every kind, partitioning. */
final class TortureDdl {
    private TortureDdl() {
    }

    static List<String> forFlavor(boolean mysql80, boolean mariaDb) {
        String columns = """
                id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
                c_tinyint TINYINT NOT NULL DEFAULT -1,
                c_bool TINYINT(1) DEFAULT 1,
                c_smallint SMALLINT(6) UNSIGNED ZEROFILL,
                c_mediumint MEDIUMINT DEFAULT NULL,
                c_int INT(11) NOT NULL DEFAULT 0 COMMENT 'int with ''quote'' and `tick`',
                c_bigint BIGINT DEFAULT 9223372036854775807,
                c_decimal DECIMAL(20,6) NOT NULL DEFAULT 0.000001,
                c_float FLOAT DEFAULT 1.5,
                c_float_md FLOAT(7,3) UNSIGNED,
                c_double DOUBLE DEFAULT NULL,
                c_bit BIT(5) DEFAULT b'10101',
                c_date DATE DEFAULT '2020-01-01',
                c_datetime DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
                c_timestamp TIMESTAMP(3) NULL DEFAULT NULL,
                c_timestamp2 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                c_time TIME(2) DEFAULT '12:34:56.78',
                c_year YEAR DEFAULT 2024,
                c_char CHAR(10) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x',
                c_varchar VARCHAR(300) NOT NULL DEFAULT '',
                c_varchar_bin VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
                c_varchar_utf8 VARCHAR(20) CHARACTER SET utf8 DEFAULT 'ü',
                c_binary BINARY(16),
                c_varbinary VARBINARY(255),
                c_tinytext TINYTEXT,
                c_text TEXT,
                c_mediumtext MEDIUMTEXT CHARACTER SET ascii,
                c_longtext LONGTEXT,
                c_tinyblob TINYBLOB,
                c_blob BLOB,
                c_mediumblob MEDIUMBLOB,
                c_longblob LONGBLOB,
                c_enum ENUM('a','b','c''d') NOT NULL DEFAULT 'b',
                c_set SET('x','y','z') DEFAULT 'x,z',
                c_json JSON,
                c_geometry GEOMETRY,
                c_point POINT NOT NULL,
                c_linestring LINESTRING,
                c_polygon POLYGON,
                c_multipoint MULTIPOINT,
                c_multilinestring MULTILINESTRING,
                c_multipolygon MULTIPOLYGON,
                c_geomcollection GEOMETRYCOLLECTION,
                c_virtual INT AS (c_int * 2) VIRTUAL,
                c_stored VARCHAR(310) AS (CONCAT(c_varchar, 'x')) STORED,
                """;
        List<String> extra = new ArrayList<>();
        if (mysql80) {
            extra.add("c_invisible INT DEFAULT 7 INVISIBLE");
            extra.add("c_expr_default VARCHAR(36) DEFAULT (uuid())");
            extra.add("c_srid POINT NOT NULL SRID 4326");
        }
        if (mariaDb) {
            extra.add("c_invisible INT DEFAULT 7 INVISIBLE");
            extra.add("c_expr_default VARCHAR(36) DEFAULT (uuid())");
        }
        List<String> keys = new ArrayList<>(List.of(
                "PRIMARY KEY (id)",
                "UNIQUE KEY uk_varchar (c_varchar(100), c_int)",
                "KEY idx_multi (c_int, c_date)",
                "KEY idx_prefix (c_text(20))",
                "FULLTEXT KEY ft_text (c_longtext)",
                "SPATIAL KEY sp_point (c_point)",
                "KEY idx_virtual (c_virtual)",
                "KEY idx_comment (c_bigint) COMMENT 'idx comment'",
                "KEY idx_fk (c_mediumint)",
                "CONSTRAINT fk_parent FOREIGN KEY (c_mediumint) REFERENCES torture_parent (id) ON DELETE SET NULL ON UPDATE CASCADE"));
        if (mysql80) {
            keys.add("KEY idx_func ((c_int + 1))");
            keys.add("KEY idx_desc (c_date DESC)");
        }
        if (mysql80 || mariaDb) {
            keys.add("CONSTRAINT chk_int CHECK (c_int >= 0)");
        }
        StringBuilder torture = new StringBuilder("CREATE TABLE torture (\n").append(columns);
        for (String e : extra) {
            torture.append(e).append(",\n");
        }
        torture.append(String.join(",\n", keys)).append("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='torture ''table''' "
                + "ROW_FORMAT=DYNAMIC STATS_PERSISTENT=1 AUTO_INCREMENT=1000");
        return List.of(
                "CREATE TABLE torture_parent (id MEDIUMINT NOT NULL PRIMARY KEY, name VARCHAR(10)) ENGINE=InnoDB DEFAULT CHARSET=latin1",
                torture.toString(),
                "CREATE TABLE torture_part (id INT NOT NULL, d DATE NOT NULL, v VARCHAR(10), PRIMARY KEY (id, d), KEY k_v (v)) "
                        + "PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2000), "
                        + "PARTITION p1 VALUES LESS THAN (2020), PARTITION pmax VALUES LESS THAN MAXVALUE)",
                "CREATE TABLE keyless (a INT NOT NULL, b INT NULL, c VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci, "
                        + "UNIQUE KEY uk_a (a), KEY k_b (b)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }
}
