package dev.sluice.schema;

import dev.sluice.db.Sql;
import dev.sluice.schema.TableDdl.DefKind;
import dev.sluice.schema.TableDdl.Definition;
import dev.sluice.sql.NameRewriter;
import dev.sluice.sql.SqlLexer;
import dev.sluice.sql.Token;
import dev.sluice.task.NameMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies a task's column selection and name mapping to one parsed table: drops unselected columns (and the keys,
 * foreign keys, checks and generated columns that need them, each reported), and renames columns in column,
 * key, foreign-key, check, generated-column and partitioning text, and the tables foreign keys reference.
 */
public final class TableTransformer {
    private static final SqlLexer LEXER = new SqlLexer();

    private final NameMapping mapping;
    private final NameRewriter rewriter;
    private final ChangeLog log;

    public TableTransformer(NameMapping mapping, NameRewriter rewriter, ChangeLog log) {
        this.mapping = mapping;
        this.rewriter = rewriter;
        this.log = log;
    }

    /** Drops what the column selection leaves out; {@code selected} empty means all columns. */
    public void select(SourceTable table, TableDdl ddl, List<String> selected) {
        if (selected.isEmpty()) {
            return;
        }
        Set<String> keep = new HashSet<>();
        selected.forEach(c -> keep.add(c.toLowerCase(Locale.ROOT)));
        Set<String> dropped = new HashSet<>();
        for (Definition d : ddl.definitions) {
            if (d.kind == DefKind.COLUMN && !keep.contains(d.name.toLowerCase(Locale.ROOT))) {
                dropped.add(d.name.toLowerCase(Locale.ROOT));
            }
        }
        String object = "table " + table.database() + "." + table.name();
        boolean again = true;
        while (again) { // a generated column over a dropped column goes too, and so on
            again = false;
            for (Definition d : List.copyOf(ddl.definitions)) {
                String why = null;
                if (d.kind == DefKind.COLUMN && dropped.contains(d.name.toLowerCase(Locale.ROOT))) {
                    ddl.definitions.remove(d);
                    continue;
                }
                if (d.kind == DefKind.COLUMN && mentions(d.text, dropped, true)) {
                    dropped.add(d.name.toLowerCase(Locale.ROOT));
                    why = "generated column over a column left out by the column selection";
                    again = true;
                } else if (d.kind != DefKind.COLUMN && (d.columns.stream().anyMatch(c -> dropped.contains(c.toLowerCase(Locale.ROOT)))
                        || ((d.kind == DefKind.CHECK || d.functional) && mentions(d.text, dropped, false)))) {
                    why = "uses a column left out by the column selection";
                }
                if (why != null) {
                    ddl.definitions.remove(d);
                    log.problem(table.database(), object, d.text, "not created", why);
                }
            }
        }
    }

    private static boolean mentions(String text, Set<String> columns, boolean skipFirst) {
        boolean first = true;
        for (Token t : LEXER.significant(text)) {
            if (first && skipFirst) {
                first = false;
                continue;
            }
            if (t.isIdentifier() && columns.contains(t.name().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Renames columns and referenced tables inside every definition and the partitioning clause. */
    public void rename(SourceTable table, TableDdl ddl) {
        String db = table.database();
        String name = table.name();
        for (Definition d : ddl.definitions) {
            d.text = switch (d.kind) {
                case COLUMN -> renameColumnDef(db, name, d.text);
                case FOREIGN -> renameForeignKey(db, name, d.text);
                case CHECK -> scoped(db, name, d.text);
                case OTHER -> d.text;
                default -> renameKey(db, name, d.text);
            };
        }
        if (!ddl.partitioning.isEmpty()) {
            String p = ddl.partitioning;
            if (p.startsWith("/*!")) { // executable comment: unwrap so its column names can be rewritten
                p = p.replaceFirst("^/\\*!\\d*\\s*", "").replaceFirst("\\s*\\*/\\s*$", "");
            }
            ddl.partitioning = scoped(db, name, p);
        }
    }

    private String scoped(String db, String table, String text) {
        NameRewriter.Result r = rewriter.rewrite(text, NameRewriter.Context.columnsOf(db, table));
        r.problems().forEach(p -> log.problem(db, "table " + db + "." + table, text, "kept", p));
        return r.sql();
    }

    private String renameColumnDef(String db, String table, String text) {
        List<Token> t = LEXER.tokenize(text);
        List<Integer> sig = DdlConverter.significant(t);
        String[] out = DdlConverter.texts(t);
        Token nameTok = t.get(sig.get(0));
        String dst = mapping.column(db, table, nameTok.name());
        if (!dst.equals(nameTok.name())) {
            out[sig.get(0)] = Sql.id(dst);
        }
        // expressions: generated columns (AS (...)), expression defaults (DEFAULT (...)), inline CHECK (...)
        for (int k = 1; k + 1 < sig.size(); k++) {
            Token kw = t.get(sig.get(k));
            if ((kw.is("AS") || kw.is("DEFAULT") || kw.is("CHECK")) && t.get(sig.get(k + 1)).isSymbol("(")) {
                int open = sig.get(k + 1);
                int close = matching(t, open);
                StringBuilder expr = new StringBuilder();
                for (int i = open; i <= close; i++) {
                    expr.append(out[i]);
                    out[i] = "";
                }
                out[open] = scoped(db, table, expr.toString());
            }
        }
        return String.join("", out);
    }

    private String renameKey(String db, String table, String text) {
        List<Token> t = LEXER.tokenize(text);
        String[] out = DdlConverter.texts(t);
        int open = firstParen(t, 0);
        if (open < 0) {
            return text;
        }
        renameColumnList(t, out, open, db, table);
        return String.join("", out);
    }

    private String renameForeignKey(String db, String table, String text) {
        List<Token> t = LEXER.tokenize(text);
        List<Integer> sig = DdlConverter.significant(t);
        String[] out = DdlConverter.texts(t);
        int open = firstParen(t, 0);
        renameColumnList(t, out, open, db, table);
        for (int k = 0; k < sig.size(); k++) {
            if (t.get(sig.get(k)).is("REFERENCES")) {
                Token a = t.get(sig.get(k + 1));
                String refDb = db;
                String refTable = a.name();
                if (k + 3 < sig.size() && t.get(sig.get(k + 2)).isSymbol(".")) {
                    refDb = a.name();
                    refTable = t.get(sig.get(k + 3)).name();
                    out[sig.get(k + 1)] = Sql.id(mapping.database(refDb));
                    out[sig.get(k + 3)] = Sql.id(mapping.table(refDb, refTable));
                } else {
                    out[sig.get(k + 1)] = Sql.id(mapping.table(refDb, refTable));
                }
                renameColumnList(t, out, firstParen(t, sig.get(k + 1)), refDb, refTable);
                break;
            }
        }
        return String.join("", out);
    }

    /** Renames the plain column names at depth 1 of the group opening at {@code open}; deeper parts are expressions. */
    private void renameColumnList(List<Token> t, String[] out, int open, String db, String table) {
        if (open < 0) {
            return;
        }
        int close = matching(t, open);
        int depth = 0;
        for (int i = open; i <= close; i++) {
            Token tok = t.get(i);
            if (tok.isSymbol("(")) {
                depth++;
                if (depth == 2 && prevSig(t, i).isSymbol("(") || depth == 2 && prevSig(t, i).isSymbol(",")) {
                    int end = matching(t, i);
                    StringBuilder expr = new StringBuilder();
                    for (int j = i; j <= end; j++) {
                        expr.append(out[j]);
                        out[j] = "";
                    }
                    out[i] = scoped(db, table, expr.toString());
                    i = end;
                    depth--;
                }
            } else if (tok.isSymbol(")")) {
                depth--;
            } else if (depth == 1 && tok.isIdentifier() && !tok.is("ASC") && !tok.is("DESC")) {
                String dst = mapping.column(db, table, tok.name());
                if (!dst.equals(tok.name())) {
                    out[i] = Sql.id(dst);
                }
            }
        }
    }

    private static Token prevSig(List<Token> t, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (!t.get(j).isTrivia()) {
                return t.get(j);
            }
        }
        return t.get(i);
    }

    private static int firstParen(List<Token> t, int from) {
        for (int i = from; i < t.size(); i++) {
            if (t.get(i).isSymbol("(")) {
                return i;
            }
        }
        return -1;
    }

    static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).isSymbol("(")) {
                depth++;
            } else if (t.get(i).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return t.size() - 1;
    }
}
