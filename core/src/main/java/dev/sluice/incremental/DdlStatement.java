package dev.sluice.incremental;

import dev.sluice.db.Sql;
import dev.sluice.sql.NameRewriter;
import dev.sluice.sql.SchemaCatalog;
import dev.sluice.sql.SqlLexer;
import dev.sluice.sql.Token;
import dev.sluice.sql.TokenType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DDL statement read from the binlog: which kind it is, which tables, views or routines it names (with their
 * token positions), whether the task selects them, and the statement rewritten for the destination under the
 * name mapping. Kinds outside the supported list are {@link Kind#OTHER} and are not applied.
 */
public final class DdlStatement {
    /** The statement kinds the replicator applies. */
    public enum Kind {
        ALTER_TABLE, ALTER_VIEW, CREATE_FUNCTION, CREATE_INDEX, CREATE_PROCEDURE, CREATE_TABLE, CREATE_VIEW,
        DROP_INDEX, DROP_TABLE, DROP_VIEW, DROP_FUNCTION, DROP_PROCEDURE, RENAME_TABLE, TRUNCATE_TABLE, OTHER;

        boolean isRoutine() {
            return this == CREATE_FUNCTION || this == CREATE_PROCEDURE || this == DROP_FUNCTION
                    || this == DROP_PROCEDURE;
        }
    }

    /** A name in the statement: database (default database when unqualified), object, and its token span. */
    public record Name(String db, String name, int firstToken, int lastToken) {
        String[] pair() {
            return new String[] {db, name};
        }
    }

    private static final SqlLexer LEXER = new SqlLexer();

    private final String sql;
    private final String defaultDb;
    private final List<Token> tokens;
    private final Kind kind;
    /** Objects the statement acts on (for RENAME: the old names). */
    private final List<Name> objects = new ArrayList<>();
    /** Other table names it mentions: RENAME targets, LIKE sources, ALTER TABLE ... RENAME TO. */
    private final List<Name> references = new ArrayList<>();
    /** Index of the first token of a view or CREATE ... SELECT body, or -1. */
    private int bodyStart = -1;

    private DdlStatement(String sql, String defaultDb) {
        this.sql = sql;
        this.defaultDb = defaultDb == null || defaultDb.isEmpty() ? null : defaultDb;
        this.tokens = LEXER.executed(sql);
        this.kind = parse();
    }

    public static DdlStatement parse(String sql, String defaultDb) {
        return new DdlStatement(sql, defaultDb);
    }

    public Kind kind() {
        return kind;
    }

    public String sql() {
        return sql;
    }

    public List<Name> objects() {
        return objects;
    }

    /** The other table names it mentions, in order: RENAME targets (one per object), LIKE source, RENAME TO. */
    public List<Name> references() {
        return references;
    }

    /** The text after the first object's name (an ALTER TABLE's specification), trimmed. */
    public String tail() {
        return objects.isEmpty() ? "" : sql.substring(tokens.get(objects.get(0).lastToken()).end()).strip();
    }

    /** Every table the statement may change the columns of (objects and rename targets), as {db, table}. */
    public List<String[]> touchedTables() {
        List<String[]> out = new ArrayList<>();
        if (kind.isRoutine()) {
            return out;
        }
        objects.forEach(n -> out.add(n.pair()));
        if (kind == Kind.RENAME_TABLE || kind == Kind.ALTER_TABLE) {
            references.forEach(n -> out.add(n.pair()));
        }
        return out;
    }

    /** True when the task selects any object the statement acts on. */
    public boolean isSelected(ObjectFilter filter) {
        for (Name n : objects) {
            if (n.db() == null) {
                continue;
            }
            if (kind.isRoutine() ? filter.includesDatabase(n.db()) : filter.includesTable(n.db(), n.name())) {
                return true;
            }
        }
        return false;
    }

    /** The database the statement should run in on the destination (mapped), or null. */
    public String destinationDefaultDb(NameMapping mapping) {
        return defaultDb == null ? null : mapping.database(defaultDb);
    }

    /**
     * The statement for the destination: selected objects only (DROP TABLE, RENAME TABLE), names mapped. Column
     * names of ALTER TABLE, CREATE INDEX and DROP INDEX on a table whose columns the mapping renames go through the
     * shared {@link NameRewriter} first (bare names there are the table's columns); throws when one of them cannot
     * be mapped safely.
     */
    public String rewrite(NameMapping mapping, ObjectFilter filter) {
        String columnsMapped = mapColumns(mapping);
        return columnsMapped.equals(sql) ? rewriteNames(mapping, filter)
                : parse(columnsMapped, defaultDb).rewriteNames(mapping, filter);
    }

    private String mapColumns(NameMapping mapping) {
        if (kind != Kind.ALTER_TABLE && kind != Kind.CREATE_INDEX && kind != Kind.DROP_INDEX || objects.isEmpty()
                || objects.get(0).db() == null) {
            return sql;
        }
        Name table = objects.get(0);
        SchemaCatalog renamed = SchemaCatalog.renamedColumns(mapping);
        if (!renamed.hasTable(table.db(), table.name())) {
            return sql;
        }
        NameRewriter.Result r = new NameRewriter(new NameMapping(Map.of(), Map.of(), mapping.columns()), renamed)
                .rewrite(sql, NameRewriter.Context.columnsOf(table.db(), table.name()));
        if (!r.problems().isEmpty()) {
            throw new IllegalStateException("the task renames columns of " + table.db() + "." + table.name()
                    + " and this statement's column names cannot be mapped safely (" + String.join("; ",
                    r.problems()) + "); apply the equivalent change to the destination by hand, then resume");
        }
        return r.sql();
    }

    private String rewriteNames(NameMapping mapping, ObjectFilter filter) {
        if (kind == Kind.DROP_TABLE || kind == Kind.DROP_VIEW) {
            List<String> names = new ArrayList<>();
            for (Name n : objects) {
                if (n.db() != null && filter.includesTable(n.db(), n.name())) {
                    names.add(qualified(mapping, n));
                }
            }
            return (kind == Kind.DROP_TABLE ? "DROP TABLE IF EXISTS " : "DROP VIEW IF EXISTS ")
                    + String.join(", ", names);
        }
        if (kind == Kind.RENAME_TABLE) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                Name from = objects.get(i);
                if (from.db() != null && filter.includesTable(from.db(), from.name())) {
                    pairs.add(qualified(mapping, from) + " TO " + qualified(mapping, references.get(i)));
                }
            }
            return "RENAME TABLE " + String.join(", ", pairs);
        }
        List<Name> replace = new ArrayList<>(objects);
        replace.addAll(references);
        if (bodyStart >= 0) {
            replace.addAll(bodyNames(mapping));
        }
        replace.sort((a, b) -> Integer.compare(a.firstToken(), b.firstToken()));
        StringBuilder out = new StringBuilder();
        int pos = 0;
        int lastEnd = -1;
        for (Name n : replace) {
            if (n.firstToken() <= lastEnd || n.db() == null) {
                continue;
            }
            Token first = tokens.get(n.firstToken());
            Token last = tokens.get(n.lastToken());
            out.append(sql, pos, first.start());
            boolean wasQualified = n.lastToken() > n.firstToken();
            String mappedName = kind.isRoutine() ? n.name() : mapping.table(n.db(), n.name());
            if (wasQualified || !mapping.database(n.db()).equals(mapping.database(defaultDbOr(n.db())))) {
                out.append(Sql.id(mapping.database(n.db()))).append('.').append(Sql.id(mappedName));
            } else {
                out.append(Sql.id(mappedName));
            }
            pos = last.end();
            lastEnd = n.lastToken();
        }
        out.append(sql.substring(pos));
        return out.toString();
    }

    private String defaultDbOr(String db) {
        return defaultDb == null ? db : defaultDb;
    }

    private static String qualified(NameMapping mapping, Name n) {
        return Sql.id(mapping.database(n.db()), mapping.table(n.db(), n.name()));
    }

    /**
     * Qualified {@code db.table} (and {@code db.table.column}) references in a view or CREATE ... SELECT body whose
     * database is the statement's default database or one of its objects' databases, and unqualified names the
     * mapping renames in the default database (a column named like a renamed table would be renamed too).
     */
    private List<Name> bodyNames(NameMapping mapping) {
        List<Name> out = new ArrayList<>();
        for (int i = bodyStart; i < tokens.size(); i++) {
            boolean dotted = i + 2 < tokens.size() && tokens.get(i).isIdentifier()
                    && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 2).isIdentifier();
            if (!dotted || (i > 0 && tokens.get(i - 1).isSymbol("."))) {
                // an unqualified table of the default database that the mapping renames
                Token t = tokens.get(i);
                if (t.isIdentifier() && defaultDb != null && (i == 0 || !tokens.get(i - 1).isSymbol("."))
                        && (i + 1 >= tokens.size() || !tokens.get(i + 1).isSymbol("."))
                        && !mapping.table(defaultDb, t.name()).equals(t.name())) {
                    out.add(new Name(defaultDb, t.name(), i, i));
                }
                continue;
            }
            Name n = new Name(tokens.get(i).name(), tokens.get(i + 2).name(), i, i + 2);
            boolean threePart = i + 4 < tokens.size() && tokens.get(i + 3).isSymbol(".")
                    && tokens.get(i + 4).isIdentifier();
            if (isKnownDatabaseReference(n)) {
                out.add(n);
            }
            i += threePart ? 4 : 2;
        }
        return out;
    }

    private boolean isKnownDatabaseReference(Name n) {
        return n.db().equals(defaultDb) || objects.stream().anyMatch(o -> n.db().equals(o.db()));
    }

    // ------------------------------------------------------------------ parsing

    private int at;

    private Token tok(int i) {
        return i < tokens.size() ? tokens.get(i) : null;
    }

    private boolean kw(String word) {
        Token t = tok(at);
        return t != null && t.is(word);
    }

    private Name readName() {
        Token t = tok(at);
        if (t == null || !t.isIdentifier()) {
            return null;
        }
        Token dot = tok(at + 1);
        Token second = tok(at + 2);
        Name n;
        if (dot != null && dot.isSymbol(".") && second != null && second.isIdentifier()) {
            n = new Name(t.name(), second.name(), at, at + 2);
            at += 3;
        } else {
            n = new Name(defaultDb, t.name(), at, at);
            at++;
        }
        return n;
    }

    private void skipIfExists() {
        if (kw("IF")) {
            at++;
            if (kw("NOT")) {
                at++;
            }
            if (kw("EXISTS")) {
                at++;
            }
        }
    }

    /** Skips ALGORITHM=x, DEFINER=user, SQL SECURITY x, OR REPLACE, and similar view/routine prefixes. */
    private void skipPrefixes() {
        while (at < tokens.size()) {
            if (kw("OR") && tok(at + 1) != null && tok(at + 1).is("REPLACE")) {
                at += 2;
            } else if (kw("ALGORITHM")) {
                at += 3;
            } else if (kw("DEFINER")) {
                at += 2; // DEFINER =
                at++; // user or CURRENT_USER
                if (tok(at) != null && tok(at).isSymbol("(")) {
                    at += 2;
                }
                if (tok(at) != null && tok(at).isSymbol("@")) {
                    at += 2;
                } else if (tok(at) != null && tok(at).type() == TokenType.VARIABLE) {
                    at++; // 'user' @'host' with a space before the @ lexes the host as a variable
                }
            } else if (kw("SQL") && tok(at + 1) != null && tok(at + 1).is("SECURITY")) {
                at += 3;
            } else if (kw("TEMPORARY") || kw("ONLINE") || kw("OFFLINE") || kw("IGNORE") || kw("UNIQUE")
                    || kw("FULLTEXT") || kw("SPATIAL") || kw("AGGREGATE")) {
                at++;
            } else {
                return;
            }
        }
    }

    private Kind parse() {
        at = 0;
        Token first = tok(0);
        if (first == null || first.type() != TokenType.WORD) {
            return Kind.OTHER;
        }
        String verb = first.text().toUpperCase(Locale.ROOT);
        at = 1;
        switch (verb) {
            case "ALTER" -> {
                skipPrefixes();
                if (kw("TABLE")) {
                    at++;
                    addObject(readName());
                    findAlterRename();
                    return objects.isEmpty() ? Kind.OTHER : Kind.ALTER_TABLE;
                }
                if (kw("VIEW")) {
                    at++;
                    addObject(readName());
                    markBody();
                    return objects.isEmpty() ? Kind.OTHER : Kind.ALTER_VIEW;
                }
                return Kind.OTHER;
            }
            case "CREATE" -> {
                skipPrefixes();
                if (kw("TABLE")) {
                    at++;
                    skipIfExists();
                    addObject(readName());
                    for (int i = at; i < tokens.size(); i++) {
                        if (tokens.get(i).is("LIKE") && i == at || tokens.get(i).is("LIKE") && i == at + 1
                                && tokens.get(at).isSymbol("(")) {
                            at = i + 1;
                            Name like = readName();
                            if (like != null) {
                                references.add(like);
                            }
                            break;
                        }
                        if (tokens.get(i).is("SELECT")) {
                            bodyStart = i;
                            break;
                        }
                    }
                    return objects.isEmpty() ? Kind.OTHER : Kind.CREATE_TABLE;
                }
                if (kw("VIEW")) {
                    at++;
                    skipIfExists();
                    addObject(readName());
                    markBody();
                    return objects.isEmpty() ? Kind.OTHER : Kind.CREATE_VIEW;
                }
                if (kw("FUNCTION") || kw("PROCEDURE")) {
                    return routine(Kind.CREATE_FUNCTION, Kind.CREATE_PROCEDURE);
                }
                if (kw("INDEX")) {
                    return indexOn(Kind.CREATE_INDEX);
                }
                return Kind.OTHER;
            }
            case "DROP" -> {
                skipPrefixes();
                if (kw("TABLE") || kw("VIEW")) {
                    boolean table = kw("TABLE");
                    at++;
                    skipIfExists();
                    while (true) {
                        Name n = readName();
                        if (n == null) {
                            break;
                        }
                        addObject(n);
                        if (tok(at) != null && tok(at).isSymbol(",")) {
                            at++;
                        } else {
                            break;
                        }
                    }
                    if (objects.isEmpty()) {
                        return Kind.OTHER;
                    }
                    return table ? Kind.DROP_TABLE : Kind.DROP_VIEW;
                }
                if (kw("FUNCTION") || kw("PROCEDURE")) {
                    return routine(Kind.DROP_FUNCTION, Kind.DROP_PROCEDURE);
                }
                if (kw("INDEX")) {
                    return indexOn(Kind.DROP_INDEX);
                }
                return Kind.OTHER;
            }
            case "RENAME" -> {
                if (!kw("TABLE")) {
                    return Kind.OTHER;
                }
                at++;
                while (true) {
                    Name from = readName();
                    if (from == null || !kw("TO")) {
                        break;
                    }
                    at++;
                    Name to = readName();
                    if (to == null) {
                        break;
                    }
                    addObject(from);
                    references.add(to);
                    if (tok(at) != null && tok(at).isSymbol(",")) {
                        at++;
                    } else {
                        break;
                    }
                }
                return objects.isEmpty() ? Kind.OTHER : Kind.RENAME_TABLE;
            }
            case "TRUNCATE" -> {
                if (kw("TABLE")) {
                    at++;
                }
                addObject(readName());
                return objects.isEmpty() ? Kind.OTHER : Kind.TRUNCATE_TABLE;
            }
            default -> {
                return Kind.OTHER;
            }
        }
    }

    /**
     * {@code FUNCTION|PROCEDURE [IF EXISTS] name}: the routine is the statement's object, of kind {@code function}
     * or {@code procedure}.
     */
    private Kind routine(Kind function, Kind procedure) {
        boolean isFunction = kw("FUNCTION");
        at++;
        skipIfExists();
        addObject(readName());
        if (objects.isEmpty()) {
            return Kind.OTHER;
        }
        return isFunction ? function : procedure;
    }

    private Kind indexOn(Kind k) {
        at++; // INDEX
        skipIfExists();
        at++; // index name
        while (at < tokens.size() && !kw("ON")) {
            at++;
        }
        if (!kw("ON")) {
            return Kind.OTHER;
        }
        at++;
        addObject(readName());
        return objects.isEmpty() ? Kind.OTHER : k;
    }

    private void findAlterRename() {
        for (int i = at; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("RENAME")) {
                Token next = tok(i + 1);
                if (next != null && (next.is("COLUMN") || next.is("INDEX") || next.is("KEY"))) {
                    continue;
                }
                at = i + 1;
                if (kw("TO") || kw("AS")) {
                    at++;
                }
                Name to = readName();
                if (to != null) {
                    references.add(to);
                }
                return;
            }
        }
    }

    private void markBody() {
        for (int i = at; i < tokens.size(); i++) {
            if (tokens.get(i).is("AS")) {
                bodyStart = i + 1;
                return;
            }
        }
    }

    private void addObject(Name n) {
        if (n != null) {
            objects.add(n);
        }
    }
}
