package dev.sluice.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a connected server is: flavor, version numbers and the version strings it reported. */
public record ServerInfo(Flavor flavor, int major, int minor, int patch, String version, String versionComment) {
    private static final Pattern NUM = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Reads {@code VERSION()}, {@code @@version_comment} and PolarDB's marker variable from the server. */
    public static ServerInfo of(Connection c) throws SQLException {
        String version;
        String comment;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT VERSION(), @@version_comment")) {
            rs.next();
            version = rs.getString(1);
            comment = rs.getString(2);
        }
        Flavor flavor;
        String lower = (version + " " + comment).toLowerCase();
        if (lower.contains("mariadb")) {
            flavor = Flavor.MARIADB;
        } else if (lower.contains("polardb") || hasVariable(c, "polardb_version")) {
            flavor = Flavor.POLARDB_MYSQL;
        } else {
            flavor = Flavor.MYSQL;
        }
        Matcher m = NUM.matcher(version);
        int major = 0;
        int minor = 0;
        int patch = 0;
        if (m.find()) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
            patch = Integer.parseInt(m.group(3));
        }
        return new ServerInfo(flavor, major, minor, patch, version, comment);
    }

    private static boolean hasVariable(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW VARIABLES LIKE '" + name + "'")) {
            return rs.next();
        }
    }

    public boolean isMariaDb() {
        return flavor == Flavor.MARIADB;
    }

    /** True for MySQL or PolarDB at or above the given version (MariaDB never). */
    public boolean isMySqlAtLeast(int maj, int min, int pat) {
        return flavor != Flavor.MARIADB && compare(maj, min, pat) >= 0;
    }

    public int compare(int maj, int min, int pat) {
        if (major != maj) {
            return Integer.compare(major, maj);
        }
        if (minor != min) {
            return Integer.compare(minor, min);
        }
        return Integer.compare(patch, pat);
    }

    /** e.g. "MySQL 8.0.31". */
    public String describe() {
        return flavor.displayName() + " " + major + "." + minor + "." + patch;
    }
}
