package dev.sluice.precheck;

import static dev.sluice.db.Queries.rows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The privileges of the connected account, read from information_schema's USER_, SCHEMA_ and TABLE_PRIVILEGES
 * (which a user may always read for itself): global, per database (with LIKE wildcards) and per table.
 * Privileges that only come through MySQL 8 roles are not seen; {@link #usesRoles()} tells when that may matter.
 */
public final class Privileges {
    private final String account;
    private final Set<String> global;
    private final Map<String, Set<String>> databases; // database pattern -> privileges
    private final Map<String, Set<String>> tables; // db.table -> privileges
    private final boolean usesRoles;

    private Privileges(String account, Set<String> global, Map<String, Set<String>> databases,
                       Map<String, Set<String>> tables, boolean usesRoles) {
        this.account = account;
        this.global = global;
        this.databases = databases;
        this.tables = tables;
        this.usesRoles = usesRoles;
    }

    static Privileges load(Connection c) throws SQLException {
        String current;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            current = rs.getString(1);
        }
        int at = current.lastIndexOf('@');
        String grantee = "'" + current.substring(0, at) + "'@'" + current.substring(at + 1) + "'";
        Set<String> global = new HashSet<>();
        for (String[] r : rows(c, "SELECT PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.USER_PRIVILEGES "
                + "WHERE GRANTEE = ?", grantee)) {
            global.add(r[0].toUpperCase(Locale.ROOT));
            if ("YES".equalsIgnoreCase(r[1])) {
                global.add("GRANT OPTION");
            }
        }
        Map<String, Set<String>> dbs = new HashMap<>();
        for (String[] r : rows(c, "SELECT TABLE_SCHEMA, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES "
                + "WHERE GRANTEE = ?", grantee)) {
            dbs.computeIfAbsent(r[0], k -> new HashSet<>()).add(r[1].toUpperCase(Locale.ROOT));
        }
        Map<String, Set<String>> tbls = new HashMap<>();
        for (String[] r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE FROM "
                + "information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?", grantee)) {
            tbls.computeIfAbsent(r[0] + "." + r[1], k -> new HashSet<>()).add(r[2].toUpperCase(Locale.ROOT));
        }
        boolean roles = false;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                String g = rs.getString(1);
                // MySQL 8 role grant: GRANT `role`@`%` TO `user`@`%`
                if (g.startsWith("GRANT `") || g.startsWith("GRANT '")) {
                    roles = true;
                }
            }
        }
        return new Privileges(current, global, dbs, tbls, roles);
    }

    /** The account as CURRENT_USER() reports it, e.g. {@code mig@%}. */
    public String account() {
        return account;
    }

    /** The account quoted for GRANT statements, e.g. {@code 'mig'@'%'}. */
    public String quotedAccount() {
        int at = account.lastIndexOf('@');
        return "'" + account.substring(0, at) + "'@'" + account.substring(at + 1) + "'";
    }

    public Set<String> global() {
        return global;
    }

    public boolean usesRoles() {
        return usesRoles;
    }

    public boolean hasGlobal(String privilege) {
        return global.contains(privilege);
    }

    /** Held on {@code *.*} or on the database (a grant on a pattern such as {@code app\_%} counts). */
    public boolean hasOnDatabase(String privilege, String database) {
        if (global.contains(privilege)) {
            return true;
        }
        for (Map.Entry<String, Set<String>> e : databases.entrySet()) {
            if (e.getValue().contains(privilege) && likeMatches(e.getKey(), database)) {
                return true;
            }
        }
        return false;
    }

    /** Held globally, on the table's database, or on the table itself. */
    public boolean hasOnTable(String privilege, String database, String table) {
        return hasOnDatabase(privilege, database)
                || tables.getOrDefault(database + "." + table, Set.of()).contains(privilege);
    }

    /** MySQL grant database patterns: {@code %} and {@code _} wildcards, {@code \} escapes. */
    static boolean likeMatches(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                re.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '%') {
                re.append(".*");
            } else if (ch == '_') {
                re.append('.');
            } else {
                re.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
        }
        return name.matches(re.toString());
    }
}
