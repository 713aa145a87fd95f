package dev.sluice.db;

/** Quoting of identifiers and string literals for SQL that Sluice generates. */
public final class Sql {
    private Sql() {
    }

    /** `name` with embedded backticks doubled. */
    public static String id(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** `db`.`table`. */
    public static String id(String database, String table) {
        return id(database) + "." + id(table);
    }

    /**
     * 'text' with quotes and backslashes escaped, for sessions without NO_BACKSLASH_ESCAPES in their sql_mode
     * (Sluice sets the sql_mode of the sessions it opens).
     */
    public static String literal(String text) {
        if (text == null) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\'' -> sb.append("''");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
