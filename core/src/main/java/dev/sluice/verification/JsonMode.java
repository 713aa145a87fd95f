package dev.sluice.verification;

/**
 * How JSON columns of a table are compared: in the servers through a canonical text both sides print the same
 * way, or (when the two servers cannot agree: MySQL against MariaDB, MySQL 5.7 against 8.0) in Java
 * with a JSON parser on every row.
 */
public enum JsonMode {
    /**
     * MySQL/PolarDB of the same generation on both sides (5.7 with 5.7, 8.0+ with 8.0+): {@code CAST(col AS CHAR)}
     * prints MySQL's canonical JSON (sorted members, fixed spacing). 5.7 and 8.0 print integral doubles differently.
     */
    MYSQL_CANONICAL,
    /** MariaDB 10.7+ on both sides: {@code JSON_NORMALIZE(col)}. */
    MARIADB_NORMALIZE,
    /** Anything else: JSON is left out of the server checksum and compared row by row in Java. */
    JAVA
}
