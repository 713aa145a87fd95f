package dev.sluice.schema;

import dev.sluice.sql.SqlLexer;
import dev.sluice.sql.Token;
import dev.sluice.sql.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code SHOW CREATE TABLE} statement split into its parts: the definitions between the parentheses (columns,
 * keys, foreign keys, checks, each classified with the columns it names) and the table options and partitioning
 * after them. Definitions can be dropped, edited and moved to separate {@code ALTER TABLE} statements.
 */
public final class TableDdl {
    /** What a definition inside {@code CREATE TABLE (...)} is. */
    public enum DefKind { COLUMN, PRIMARY, UNIQUE, INDEX, FULLTEXT, SPATIAL, FOREIGN, CHECK, OTHER }

    /**
     * One definition: its kind, name (column or key name; null for an unnamed check), the columns its key part
     * names (for keys and foreign keys; the column itself for a column) and its text.
     */
    public static final class Definition {
        public final DefKind kind;
        public final String name;
        public final List<String> columns;
        public final boolean functional;
        public String text;

        Definition(DefKind kind, String name, List<String> columns, boolean functional, String text) {
            this.kind = kind;
            this.name = name;
            this.columns = columns;
            this.functional = functional;
            this.text = text;
        }

        public boolean isKey() {
            return kind == DefKind.PRIMARY || kind == DefKind.UNIQUE || kind == DefKind.INDEX
                    || kind == DefKind.FULLTEXT || kind == DefKind.SPATIAL;
        }
    }

    private static final SqlLexer LEXER = new SqlLexer();

    public final List<Definition> definitions = new ArrayList<>();
    /** Table options after the closing parenthesis (ENGINE=..., CHARSET=...) without partitioning. */
    public String options;
    /** The partitioning clause (may be inside a version comment), or "". */
    public String partitioning;

    private TableDdl() {
    }

    public static TableDdl parse(String createSql) {
        List<Token> all = LEXER.tokenize(createSql);
        int open = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).isSymbol("(")) {
                open = i;
                break;
            }
        }
        if (open < 0) {
            throw new IllegalArgumentException("not a CREATE TABLE statement with a column list: " + createSql);
        }
        TableDdl ddl = new TableDdl();
        int depth = 0;
        int defStart = open + 1;
        int close = -1;
        for (int i = open; i < all.size(); i++) {
            Token t = all.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    ddl.add(all.subList(defStart, i));
                    close = i;
                    break;
                }
            } else if (t.isSymbol(",") && depth == 1) {
                ddl.add(all.subList(defStart, i));
                defStart = i + 1;
            }
        }
        if (close < 0) {
            throw new IllegalArgumentException("unbalanced parentheses in CREATE TABLE: " + createSql);
        }
        String tail = createSql.substring(all.get(close).end());
        int p = partitionStart(tail);
        ddl.options = (p < 0 ? tail : tail.substring(0, p)).strip();
        ddl.partitioning = p < 0 ? "" : tail.substring(p).strip();
        return ddl;
    }

    private static int partitionStart(String tail) {
        for (Token t : LEXER.tokenize(tail)) {
            if (t.type() == TokenType.COMMENT && t.text().matches("(?s)/\\*!\\d*\\s*PARTITION\\s+BY.*")) {
                return t.start();
            }
            if (t.is("PARTITION")) {
                return t.start();
            }
        }
        return -1;
    }

    private void add(List<Token> tokens) {
        String text = join(tokens).strip();
        List<Token> sig = tokens.stream().filter(t -> !t.isTrivia()).toList();
        if (sig.isEmpty()) {
            return;
        }
        Token first = sig.get(0);
        String u = first.type() == TokenType.WORD ? first.upper() : "";
        int k = 0;
        String constraintName = null;
        if (u.equals("CONSTRAINT")) {
            k = 1;
            if (sig.size() > 1 && sig.get(1).isIdentifier() && !isConstraintKeyword(sig.get(1))) {
                constraintName = sig.get(1).name();
                k = 2;
            }
            u = sig.size() > k ? sig.get(k).upper() : "";
        }
        DefKind kind;
        switch (first.type() == TokenType.QUOTED_ID ? "" : u) {
            case "PRIMARY" -> kind = DefKind.PRIMARY;
            case "UNIQUE" -> kind = DefKind.UNIQUE;
            case "KEY", "INDEX" -> kind = DefKind.INDEX;
            case "FULLTEXT" -> kind = DefKind.FULLTEXT;
            case "SPATIAL" -> kind = DefKind.SPATIAL;
            case "FOREIGN" -> kind = DefKind.FOREIGN;
            case "CHECK" -> kind = DefKind.CHECK;
            default -> kind = first.isIdentifier() ? DefKind.COLUMN : DefKind.OTHER;
        }
        if (kind == DefKind.COLUMN) {
            definitions.add(new Definition(kind, first.name(), List.of(first.name()), false, text));
            return;
        }
        // name: the identifier after KEY/INDEX (or after UNIQUE/FULLTEXT/SPATIAL [KEY]) before '('
        String name = constraintName;
        int j = k + 1;
        while (j < sig.size() && !sig.get(j).isSymbol("(")) {
            Token t = sig.get(j);
            if (t.isIdentifier() && !t.is("KEY") && !t.is("INDEX") && !t.is("FOREIGN") && !t.is("USING")
                    && !t.is("BTREE") && !t.is("HASH")) {
                name = t.name();
            }
            j++;
        }
        if (kind == DefKind.PRIMARY) {
            name = "PRIMARY";
        }
        List<String> cols = new ArrayList<>();
        boolean functional = false;
        if (kind != DefKind.CHECK && j < sig.size()) {
            int depth = 0;
            for (int i = j; i < sig.size(); i++) {
                Token t = sig.get(i);
                if (t.isSymbol("(")) {
                    depth++;
                    if (depth == 2 && sig.get(i - 1).isSymbol("(") || depth == 2 && sig.get(i - 1).isSymbol(",")) {
                        functional = true;
                    }
                } else if (t.isSymbol(")")) {
                    depth--;
                    if (depth == 0) {
                        break;
                    }
                } else if (depth == 1 && t.isIdentifier() && !t.is("ASC") && !t.is("DESC")) {
                    cols.add(t.name());
                }
            }
        }
        definitions.add(new Definition(kind, name, List.copyOf(cols), functional, text));
    }

    private static boolean isConstraintKeyword(Token t) {
        String u = t.upper();
        return t.type() == TokenType.WORD && (u.equals("PRIMARY") || u.equals("UNIQUE") || u.equals("FOREIGN")
                || u.equals("CHECK"));
    }

    static String join(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        tokens.forEach(t -> sb.append(t.text()));
        return sb.toString();
    }

    /** The referenced table of a foreign key: {@code [db, table]} (db null when unqualified). */
    public static String[] referencedTable(Definition fk) {
        List<Token> sig = LEXER.significant(fk.text);
        for (int i = 0; i < sig.size(); i++) {
            if (sig.get(i).is("REFERENCES")) {
                Token a = sig.get(i + 1);
                if (i + 3 < sig.size() && sig.get(i + 2).isSymbol(".")) {
                    return new String[] {a.name(), sig.get(i + 3).name()};
                }
                return new String[] {null, a.name()};
            }
        }
        return new String[] {null, null};
    }

    /** Rebuilt {@code CREATE TABLE <name> (<defs>) <options> <partitioning>}. */
    public String toSql(String qualifiedName, List<Definition> defs) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(qualifiedName).append(" (\n");
        for (int i = 0; i < defs.size(); i++) {
            sb.append("  ").append(defs.get(i).text).append(i + 1 < defs.size() ? ",\n" : "\n");
        }
        sb.append(")");
        if (!options.isEmpty()) {
            sb.append(' ').append(options);
        }
        if (!partitioning.isEmpty()) {
            sb.append('\n').append(partitioning);
        }
        return sb.toString();
    }

    /** Keys as {@code ADD ...} clauses for ALTER TABLE. */
    public static String addClause(Definition d) {
        return "ADD " + d.text;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
