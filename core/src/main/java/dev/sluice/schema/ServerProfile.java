package dev.sluice.schema;

import dev.sluice.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one server supports, as far as schema conversion cares: version and flavor, collations (and each
 * character set's default), storage engines, the global sql_mode, and which sql_mode flags it accepts.
 */
public final class ServerProfile {
    private final ServerInfo info;
    private final Map<String, String> collationCharset = new HashMap<>();
    private final Map<String, String> defaultCollation = new HashMap<>();
    private final Set<String> engines = new HashSet<>();
    private final String sqlMode;
    private final String currentUser;
    private final Map<String, Boolean> modeFlags = new HashMap<>();
    private final Connection conn;

    private ServerProfile(Connection conn, ServerInfo info, String sqlMode, String currentUser) {
        this.conn = conn;
        this.info = info;
        this.sqlMode = sqlMode;
        this.currentUser = currentUser;
    }

    /** Reads the profile over an open connection (kept for later sql_mode and account checks). */
    public static ServerProfile of(Connection conn) throws SQLException {
        ServerInfo info = ServerInfo.of(conn);
        String mode;
        String user;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.sql_mode, CURRENT_USER()")) {
            rs.next();
            mode = rs.getString(1);
            user = rs.getString(2);
        }
        ServerProfile p = new ServerProfile(conn, info, mode == null ? "" : mode, user);
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT COLLATION_NAME, CHARACTER_SET_NAME, IS_DEFAULT "
                     + "FROM information_schema.COLLATIONS")) {
            while (rs.next()) {
                if (rs.getString(1) == null || rs.getString(2) == null) {
                    continue; // MariaDB 10.10+: UCA 14.0 collations apply to several character sets (see below)
                }
                String coll = rs.getString(1).toLowerCase(Locale.ROOT);
                String cs = rs.getString(2).toLowerCase(Locale.ROOT);
                p.collationCharset.put(coll, cs);
                if ("Yes".equalsIgnoreCase(rs.getString(3))) {
                    p.defaultCollation.put(cs, coll);
                }
            }
        }
        if (info.isMariaDb()) {
            // full names such as utf8mb4_uca1400_ai_ci are only listed here (10.10+: FULL_COLLATION_NAME)
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY")) {
                var md = rs.getMetaData();
                int full = 0;
                int cs = 0;
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnLabel(i).equalsIgnoreCase("FULL_COLLATION_NAME")) {
                        full = i;
                    } else if (md.getColumnLabel(i).equalsIgnoreCase("CHARACTER_SET_NAME")) {
                        cs = i;
                    }
                }
                while (full > 0 && cs > 0 && rs.next()) {
                    p.collationCharset.putIfAbsent(rs.getString(full).toLowerCase(Locale.ROOT),
                            rs.getString(cs).toLowerCase(Locale.ROOT));
                }
            }
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT ENGINE, SUPPORT FROM information_schema.ENGINES")) {
            while (rs.next()) {
                String s = rs.getString(2);
                if ("YES".equalsIgnoreCase(s) || "DEFAULT".equalsIgnoreCase(s)) {
                    p.engines.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
        }
        if (info.isMySqlAtLeast(8, 0, 0)) {
            // MySQL 8.0's collation used for utf8mb4 by default can be changed: prefer the effective default
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@GLOBAL.default_collation_for_utf8mb4")) {
                if (rs.next() && rs.getString(1) != null) {
                    p.defaultCollation.put("utf8mb4", rs.getString(1).toLowerCase(Locale.ROOT));
                }
            } catch (SQLException ignored) {
                // variable absent on this build
            }
        }
        return p;
    }

    public ServerInfo info() {
        return info;
    }

    public String sqlMode() {
        return sqlMode;
    }

    /** {@code CURRENT_USER()} of Sluice's session, e.g. {@code sluice@%}. */
    public String currentUser() {
        return currentUser;
    }

    public boolean hasCollation(String collation) {
        return collationCharset.containsKey(collation.toLowerCase(Locale.ROOT));
    }

    public boolean hasCharset(String charset) {
        String cs = charset.toLowerCase(Locale.ROOT);
        return defaultCollation.containsKey(cs) || collationCharset.containsValue(cs);
    }

    /** The character set a collation belongs to, or null if unknown here. */
    public String charsetOf(String collation) {
        return collationCharset.get(collation.toLowerCase(Locale.ROOT));
    }

    /** The default collation of a character set here (null if unknown). */
    public String defaultCollation(String charset) {
        return defaultCollation.get(charset.toLowerCase(Locale.ROOT));
    }

    public boolean supportsEngine(String engine) {
        return engines.contains(engine.toUpperCase(Locale.ROOT));
    }

    /** True when MySQL (not MariaDB) at or above the version. */
    public boolean isMySqlAtLeast(int major, int minor, int patch) {
        return info.isMySqlAtLeast(major, minor, patch);
    }

    public boolean isMariaDb() {
        return info.isMariaDb();
    }

    /** Whether this server accepts {@code flag} in a sql_mode (tested once with SET SESSION, then cached). */
    public synchronized boolean acceptsSqlModeFlag(String flag) {
        return modeFlags.computeIfAbsent(flag.toUpperCase(Locale.ROOT), f -> {
            try (Statement st = conn.createStatement()) {
                String before;
                try (ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
                    rs.next();
                    before = rs.getString(1);
                }
                try {
                    st.execute("SET SESSION sql_mode = '" + f.replace("'", "") + "'");
                    return true;
                } catch (SQLException e) {
                    return false;
                } finally {
                    st.execute("SET SESSION sql_mode = '" + before + "'");
                }
            } catch (SQLException e) {
                return true; // cannot tell: keep the flag and let creation report the error
            }
        });
    }

    /** Whether an account exists here (reads mysql.user; true when that table is not readable, i.e. unknown). */
    public boolean accountExists(String user, String host) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?")) {
            ps.setString(1, user);
            ps.setString(2, host);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return true;
        }
    }
}
