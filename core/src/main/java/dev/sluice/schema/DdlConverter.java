package dev.sluice.schema;

import dev.sluice.sql.ReservedWords;
import dev.sluice.sql.SqlLexer;
import dev.sluice.sql.Token;
import dev.sluice.sql.TokenType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts source DDL to what the destination server accepts and means the same by: collations and character
 * sets it lacks, {@code utf8} spelled {@code utf8mb3}, integer display widths (deprecated on MySQL 8.0.19+),
 * implicit collations made explicit where the destination's defaults differ, storage engines and MariaDB-only
 * table options, features an older destination lacks, sql_mode flags it does not know, words that became
 * reserved, removed functions. Every change is recorded in the {@link ChangeLog}.
 */
public final class DdlConverter {
    private static final SqlLexer LEXER = new SqlLexer();
    private static final Set<String> INT_TYPES = Set.of("TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT");
    private static final Set<String> MARIADB_TABLE_OPTIONS = Set.of("PAGE_CHECKSUM", "TRANSACTIONAL",
            "PAGE_COMPRESSED", "PAGE_COMPRESSION_LEVEL", "IETF_QUOTES", "ENCRYPTED", "ENCRYPTION_KEY_ID", "SEQUENCE",
            "WITH_SYSTEM_VERSIONING");
    private static final Pattern ZERO_DATE = Pattern.compile("DEFAULT\\s+'0000-00-00[^']*'", Pattern.CASE_INSENSITIVE);
    private static final Set<String> REMOVED_IN_80 = Set.of("PASSWORD", "ENCRYPT", "ENCODE", "DECODE",
            "DES_ENCRYPT", "DES_DECRYPT", "OLD_PASSWORD");

    private final ServerProfile src;
    private final ServerProfile dst;
    private final ChangeLog log;
    private final java.util.Map<String, List<String>> widths = new java.util.HashMap<>();

    public DdlConverter(ServerProfile src, ServerProfile dst, ChangeLog log) {
        this.src = src;
        this.dst = dst;
        this.log = log;
    }

    // ------------------------------------------------------------------ character sets and collations

    /** The destination name for a source character set ({@code utf8} becomes {@code utf8mb3} on MySQL 8.0). */
    public String charset(String db, String object, String cs) {
        String lower = cs.toLowerCase(Locale.ROOT);
        if (lower.equals("utf8") && dst.isMySqlAtLeast(8, 0, 0)) {
            log.change(db, object, "utf8", "utf8mb3", "utf8 is an alias of utf8mb3 on MySQL 8.0 (deprecated); "
                    + "written out so the meaning cannot change when the alias moves to utf8mb4");
            return "utf8mb3";
        }
        if (lower.equals("utf8mb3") && !dst.hasCharset("utf8mb3") && dst.hasCharset("utf8")) {
            return "utf8";
        }
        return cs;
    }

    /** The destination collation for a source collation: the same, or the closest one it has. */
    public String collation(String db, String object, String coll) {
        if (coll == null || dst.hasCollation(coll)) {
            return coll;
        }
        String lower = coll.toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        if (lower.startsWith("utf8mb3_")) {
            candidates.add("utf8_" + lower.substring(8));
        } else if (lower.startsWith("utf8_")) {
            candidates.add("utf8mb3_" + lower.substring(5));
        }
        String cs = src.charsetOf(lower) != null ? src.charsetOf(lower) : lower.substring(0, Math.max(0, lower.indexOf('_')));
        String base = lower.replace("_nopad", "");
        if (!base.equals(lower)) {
            candidates.add(base);
        }
        if (lower.contains("_0900_ai_ci") || lower.contains("_0900_as_ci") || lower.contains("_uca1400_")) {
            String prefix = lower.substring(0, lower.indexOf('_'));
            candidates.add(prefix + "_unicode_520_ci");
            candidates.add(prefix + "_unicode_ci");
            candidates.add(prefix + "_general_ci");
        }
        if (lower.endsWith("_0900_as_cs") || lower.endsWith("_0900_bin")) {
            candidates.add(lower.substring(0, lower.indexOf('_')) + "_bin");
        }
        String chosen = null;
        for (String c : candidates) {
            if (dst.hasCollation(c)) {
                chosen = c;
                break;
            }
        }
        String why;
        if (chosen == null) {
            chosen = dst.defaultCollation(cs.equals("utf8mb3") && !dst.hasCharset("utf8mb3") ? "utf8" : cs);
            why = dst.info().describe() + " has no collation " + coll + "; using the character set's default "
                    + "(comparison and sort order may differ)";
        } else if (chosen.startsWith("utf8_") || chosen.startsWith("utf8mb3_")) {
            why = "same collation under the name " + dst.info().describe() + " uses";
        } else {
            why = dst.info().describe() + " has no collation " + coll + "; closest available one "
                    + "(comparison and sort order of some characters may differ)";
        }
        if (chosen == null) {
            log.problem(db, object, coll, coll, dst.info().describe() + " knows neither collation " + coll
                    + " nor its character set; creation will fail");
            return coll;
        }
        if (chosen.startsWith("utf8_") || chosen.startsWith("utf8mb3_")) {
            return chosen; // a rename only, not worth a report line per column
        }
        log.change(db, object, coll, chosen, why);
        return chosen;
    }

    /** Whether the destination's default collation of a character set differs from the source's. */
    private boolean defaultsDiffer(String cs) {
        String a = src.defaultCollation(cs);
        String b = dst.defaultCollation(charsetOnDestination(cs));
        return a != null && b != null && !a.equalsIgnoreCase(b.replace("utf8mb3_", "utf8_"))
                && !a.replace("utf8mb3_", "utf8_").equalsIgnoreCase(b.replace("utf8mb3_", "utf8_"));
    }

    private String charsetOnDestination(String cs) {
        String l = cs.toLowerCase(Locale.ROOT);
        if (l.equals("utf8") && dst.hasCharset("utf8mb3")) {
            return "utf8mb3";
        }
        if (l.equals("utf8mb3") && !dst.hasCharset("utf8mb3")) {
            return "utf8";
        }
        return l;
    }

    /** {@code CHARACTER SET x COLLATE y} for CREATE DATABASE, converted. */
    public String databaseDefaults(String db, String cs, String coll) {
        String object = "database " + db;
        return "CHARACTER SET " + charset(db, object, cs) + " COLLATE " + collation(db, object, coll);
    }

    // ------------------------------------------------------------------ column and key definitions

    /** A column definition converted for the destination; {@code sourceCollation} is the column's collation. */
    public String column(String db, String object, TableDdl.Definition d, String sourceCollation) {
        List<Token> t = LEXER.tokenize(d.text);
        List<Integer> sig = significant(t);
        String[] out = texts(t);
        boolean hasCharset = false;
        boolean hasCollate = false;
        int charsetEnd = -1;
        boolean zerofill = false;
        for (int k = 0; k < sig.size(); k++) {
            Token tok = t.get(sig.get(k));
            if (tok.is("ZEROFILL")) {
                zerofill = true;
            }
        }
        for (int k = 1; k < sig.size(); k++) {
            int i = sig.get(k);
            Token tok = t.get(i);
            if ((tok.is("CHARSET") || (tok.is("SET") && t.get(sig.get(k - 1)).is("CHARACTER"))) && k + 1 < sig.size()) {
                int v = sig.get(k + 1);
                out[v] = charset(db, object, t.get(v).name());
                hasCharset = true;
                charsetEnd = v;
            } else if (tok.is("COLLATE") && k + 1 < sig.size()) {
                int v = sig.get(k + 1);
                out[v] = collation(db, object, t.get(v).name());
                hasCollate = true;
            }
        }
        if (sig.size() > 1 && t.get(sig.get(1)).is("GEOMCOLLECTION") && !dst.isMySqlAtLeast(8, 0, 11)) {
            out[sig.get(1)] = "geometrycollection"; // 8.0.11+ spelling of the same type
        }
        // display widths: the type is the token after the column name
        if (sig.size() > 4 && dst.isMySqlAtLeast(8, 0, 19)) {
            Token type = t.get(sig.get(1));
            boolean intType = INT_TYPES.contains(type.upper());
            boolean year = type.is("YEAR");
            if ((intType || year) && t.get(sig.get(2)).isSymbol("(") && t.get(sig.get(4)).isSymbol(")")) {
                String width = t.get(sig.get(3)).text();
                boolean keep = zerofill || (type.is("TINYINT") && width.equals("1"));
                if (!keep && !(year && !width.equals("4"))) {
                    String before = type.text() + "(" + width + ")";
                    for (int k = 2; k <= 4; k++) {
                        out[sig.get(k)] = "";
                    }
                    for (int i = sig.get(1) + 1; i < sig.get(4); i++) {
                        out[i] = ""; // whitespace inside the parentheses
                    }
                    widths.computeIfAbsent(db + "\u0000" + object, x -> new ArrayList<>()).add(d.name + " " + before);
                }
            }
        }
        if (hasCharset && !hasCollate && sourceCollation != null) {
            out[charsetEnd] = out[charsetEnd] + " COLLATE " + collation(db, object, sourceCollation);
        }
        String text = String.join("", out);
        if (ZERO_DATE.matcher(text).find() && zeroDatesRejected()) {
            log.change(db, object + " column " + d.name, "zero-date default", "kept",
                    "the destination sql_mode (" + dst.sqlMode() + ") rejects zero dates; the table was created "
                            + "with NO_ZERO_DATE/NO_ZERO_IN_DATE off for the DDL only, so inserts that use this "
                            + "default fail in strict mode: give the column a real default");
        }
        if (text.matches("(?is).*\\bDEFAULT\\s*\\(.*") && !dst.isMySqlAtLeast(8, 0, 13) && !dst.isMariaDb()) {
            log.problem(db, object + " column " + d.name, d.text, "not created as is",
                    "expression defaults need MySQL 8.0.13+ or MariaDB; " + dst.info().describe() + " rejects them");
        }
        if (dst.isMySqlAtLeast(8, 0, 0) && !dst.isMySqlAtLeast(8, 0, 23) || (!dst.isMariaDb() && !dst.isMySqlAtLeast(8, 0, 0))) {
            if (text.matches("(?is).*\\bINVISIBLE\\b.*")) {
                text = text.replaceAll("(?i)/\\*!80023 INVISIBLE \\*/|\\bINVISIBLE\\b", "");
                log.change(db, object + " column " + d.name, "INVISIBLE", "visible",
                        dst.info().describe() + " has no invisible columns; SELECT * now returns this column");
            }
        }
        return text;
    }

    /**
     * A foreign key with an explicit RESTRICT spelled out: SHOW CREATE TABLE leaves it out, and a key created
     * without it would be recorded as NO ACTION (the same behaviour in InnoDB, but different metadata).
     * {@code rules} is [UPDATE_RULE, DELETE_RULE] from the source's information_schema (null if unknown).
     */
    public String foreignKey(String db, String object, String name, String text, List<String> rules,
                             boolean addedByAlter) {
        if (rules == null) {
            return text;
        }
        if (!dst.isMySqlAtLeast(8, 0, 0)) {
            // MariaDB records an omitted action as RESTRICT already; MySQL 5.7 records any RESTRICT that ALTER
            // TABLE adds as NO ACTION, spelled out or not
            if (addedByAlter && rules.contains("RESTRICT") && !dst.isMariaDb()) {
                log.change(db, object + " foreign key " + name, "RESTRICT", "NO ACTION in information_schema",
                        "MySQL 5.7 records RESTRICT as NO ACTION for a foreign key added by ALTER TABLE; "
                                + "InnoDB enforces both the same way (immediately)");
            }
            return text;
        }
        String up = text.toUpperCase(Locale.ROOT);
        String out = text;
        if (!up.contains("ON DELETE") && "RESTRICT".equalsIgnoreCase(rules.get(1))) {
            out += " ON DELETE RESTRICT";
        }
        if (!up.contains("ON UPDATE") && "RESTRICT".equalsIgnoreCase(rules.get(0))) {
            out += " ON UPDATE RESTRICT";
        }
        return out;
    }

    /** Records the display widths dropped from a table's columns as one report entry. */
    public void endTable(String db, String object) {
        List<String> cols = widths.remove(db + "\u0000" + object);
        if (cols != null) {
            log.change(db, object, String.join(", ", cols), "no display widths",
                    "integer display widths are deprecated on MySQL 8.0.19+ and never limited the values");
        }
    }

    /** True when the destination's global sql_mode rejects zero dates. */
    public boolean zeroDatesRejected() {
        String m = "," + dst.sqlMode().toUpperCase(Locale.ROOT) + ",";
        return m.contains(",NO_ZERO_DATE,") || m.contains(",NO_ZERO_IN_DATE,") || m.contains(",TRADITIONAL,");
    }

    /** Whether a key can be created on the destination (functional key parts need MySQL 8.0.13+). */
    public boolean keepKey(String db, String object, TableDdl.Definition d) {
        if (d.functional && !dst.isMySqlAtLeast(8, 0, 13)) {
            log.problem(db, object + " index " + d.name, d.text, "not created",
                    "functional key parts need MySQL 8.0.13+; " + dst.info().describe() + " has none");
            return false;
        }
        return true;
    }

    /**
     * Table options converted: character set and collation (made explicit when the destination's default for
     * the character set differs), engine, options the destination does not know.
     */
    public String tableOptions(String db, String object, String options, String tableCollation) {
        List<Token> t = LEXER.tokenize(options);
        List<Integer> sig = significant(t);
        String[] out = texts(t);
        boolean hasCollate = false;
        int charsetValue = -1;
        String cs = null;
        for (int k = 0; k < sig.size(); k++) {
            int i = sig.get(k);
            Token tok = t.get(i);
            int v = valueIndex(t, sig, k);
            if (v < 0) {
                continue;
            }
            if (tok.is("CHARSET") || (tok.is("SET") && k > 0 && t.get(sig.get(k - 1)).is("CHARACTER"))) {
                cs = t.get(v).name();
                out[v] = charset(db, object, cs);
                charsetValue = v;
            } else if (tok.is("COLLATE")) {
                out[v] = collation(db, object, t.get(v).name());
                hasCollate = true;
            } else if (tok.is("ENGINE") && !dst.supportsEngine(t.get(v).name())) {
                log.change(db, object, "ENGINE=" + t.get(v).name(), "ENGINE=InnoDB",
                        dst.info().describe() + " does not support the " + t.get(v).name() + " engine");
                out[v] = "InnoDB";
            } else if (tok.type() == TokenType.WORD && MARIADB_TABLE_OPTIONS.contains(tok.upper()) && !dst.isMariaDb()) {
                String before = tok.text() + "=" + t.get(v).text();
                for (int r = i; r <= v; r++) {
                    out[r] = "";
                }
                log.change(db, object, before, "(removed)", "MariaDB-only table option, unknown to " + dst.info().describe());
            }
        }
        if (!hasCollate && charsetValue >= 0 && tableCollation != null) {
            String coll = collation(db, object, tableCollation);
            out[charsetValue] = out[charsetValue] + " COLLATE=" + coll;
            if (defaultsDiffer(cs)) {
                log.change(db, object, "DEFAULT CHARSET=" + cs + " (collation implied: " + tableCollation + ")",
                        "COLLATE=" + coll, "the destination's default collation for " + cs + " is "
                                + dst.defaultCollation(charsetOnDestination(cs)) + ", not " + src.defaultCollation(cs)
                                + "; the collation is written out so comparisons and sorting stay the same");
            }
        }
        return String.join("", out).replaceAll(" {2,}", " ").strip();
    }

    private static int valueIndex(List<Token> t, List<Integer> sig, int k) {
        int n = k + 1;
        if (n < sig.size() && t.get(sig.get(n)).isSymbol("=")) {
            n++;
        }
        return n < sig.size() ? sig.get(n) : -1;
    }

    // ------------------------------------------------------------------ routines, triggers, views, events

    /** A routine/trigger/event sql_mode without the flags the destination rejects (e.g. NO_AUTO_CREATE_USER on 8.0). */
    public String sqlMode(String db, String object, String mode) {
        if (mode == null || mode.isBlank()) {
            return "";
        }
        Set<String> kept = new LinkedHashSet<>();
        List<String> dropped = new ArrayList<>();
        for (String f : mode.split(",")) {
            String flag = f.strip();
            if (flag.isEmpty()) {
                continue;
            }
            if (dst.acceptsSqlModeFlag(flag)) {
                kept.add(flag);
            } else {
                dropped.add(flag);
            }
        }
        String result = String.join(",", kept);
        if (!dropped.isEmpty()) {
            log.change(db, object, "sql_mode " + mode, "sql_mode " + result, "flag(s) " + String.join(", ", dropped)
                    + " do not exist on " + dst.info().describe());
        }
        return result;
    }

    /**
     * A body (routine, trigger, event; views come fully quoted from the server) with collations mapped, bare
     * words that became reserved in MySQL 8.0 quoted, and removed functions reported.
     */
    public String body(String db, String object, String sql) {
        List<Token> t = LEXER.tokenize(sql);
        List<Integer> sig = significant(t);
        String[] out = texts(t);
        boolean quoteReserved = dst.isMySqlAtLeast(8, 0, 0) && !src.isMySqlAtLeast(8, 0, 0);
        Set<String> quoted = new LinkedHashSet<>();
        for (int k = 0; k < sig.size(); k++) {
            int i = sig.get(k);
            Token tok = t.get(i);
            if (tok.type() != TokenType.WORD) {
                continue;
            }
            boolean call = k + 1 < sig.size() && t.get(sig.get(k + 1)).isSymbol("(");
            if (tok.is("COLLATE") && k + 1 < sig.size() && t.get(sig.get(k + 1)).isIdentifier()) {
                int v = sig.get(k + 1);
                out[v] = collation(db, object, t.get(v).name());
            } else if (quoteReserved && ReservedWords.isNewlyReservedIn80(tok.text()) && !call) {
                out[i] = "`" + tok.text() + "`";
                quoted.add(tok.text());
            } else if (call && dst.isMySqlAtLeast(8, 0, 0) && REMOVED_IN_80.contains(tok.upper())
                    && !(k > 0 && t.get(sig.get(k - 1)).isSymbol("."))) {
                log.problem(db, object, tok.text() + "()", "kept",
                        "function " + tok.upper() + "() was removed in MySQL 8.0; the object is created but fails "
                                + "when it runs: replace the call");
            }
        }
        if (!quoted.isEmpty()) {
            log.change(db, object, String.join(", ", quoted), "`" + String.join("`, `", quoted) + "`",
                    "reserved words since MySQL 8.0; quoted so the names still parse as identifiers");
        }
        return String.join("", out);
    }

    /** Session collation_connection for creating an object, mapped to one the destination has. */
    public String connectionCollation(String db, String object, String coll) {
        return coll == null ? null : collation(db, object, coll);
    }

    // ------------------------------------------------------------------ helpers

    static List<Integer> significant(List<Token> t) {
        List<Integer> sig = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isTrivia()) {
                sig.add(i);
            }
        }
        return sig;
    }

    static String[] texts(List<Token> t) {
        String[] out = new String[t.size()];
        for (int i = 0; i < t.size(); i++) {
            out[i] = t.get(i).text();
        }
        return out;
    }

    /** e.g. {@code 'root'@'localhost'} from {@code `root`@`localhost`}: user and host of a DEFINER clause. */
    static String[] splitAccount(String account) {
        Matcher m = Pattern.compile("^[`'\"]?(.*?)[`'\"]?@[`'\"]?(.*?)[`'\"]?$").matcher(account);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : new String[] {account, "%"};
    }
}
