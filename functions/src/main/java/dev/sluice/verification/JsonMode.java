package dev.sluice.verification;

/**
 * How JSON columns of a table are compared: in the servers through a canonical text both sides print the same
 * way, or (when the two servers cannot agree, e.g. MySQL's binary JSON against MariaDB's text JSON) in Java
 * with a JSON parser on every row.
 */
public enum JsonMode {
    /** MySQL 5.7/8.0/PolarDB on both sides: {@code CAST(col AS CHAR)} prints MySQL's canonical JSON. */
    MYSQL_CANONICAL,
    /** MariaDB 10.7+ on both sides: {@code JSON_NORMALIZE(col)}. */
    MARIADB_NORMALIZE,
    /** Anything else: JSON is left out of the server checksum and compared row by row in Java. */
    JAVA
}
