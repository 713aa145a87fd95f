package dev.sluice.db;

/** The MySQL-compatible server families Sluice migrates between. */
public enum Flavor {
    MYSQL, MARIADB, POLARDB_MYSQL;

    public String displayName() {
        return switch (this) {
            case MYSQL -> "MySQL";
            case MARIADB -> "MariaDB";
            case POLARDB_MYSQL -> "PolarDB for MySQL";
        };
    }
}
