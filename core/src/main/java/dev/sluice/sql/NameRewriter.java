package dev.sluice.sql;

import dev.sluice.db.Sql;
import dev.sluice.task.NameMapping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Renames databases, tables and columns inside SQL text (view, routine, trigger and event bodies, DDL from the
 * binlog) at token level: only identifiers change, never string literals or comments. Each identifier chain
 * ({@code a}, {@code a.b}, {@code a.b.c}) is resolved against a {@link SchemaCatalog} of source names: table
 * positions (after FROM, JOIN, UPDATE, INSERT INTO, TABLE, REFERENCES, a trigger's ON), table aliases, a
 * trigger's NEW/OLD, and unqualified columns of the tables the text references. Routine parameters and local
 * variables are never renamed. What cannot be resolved safely is listed in {@link Result#problems()}.
 */
public final class NameRewriter {
    private static final Set<String> TABLE_LIST_END = Set.of("WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "ON",
            "USING", "SET", "UNION", "WINDOW", "SELECT", "VALUES", "VALUE", "FOR", "LOCK", "INTO", "PROCEDURE",
            "RETURNING", "EXCEPT", "INTERSECT", "DO", "THEN", "END", "WHEN", "ELSE");
    private static final Set<String> NOT_ALIAS = Set.of("WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "ON",
            "USING", "SET", "UNION", "WINDOW", "SELECT", "VALUES", "VALUE", "FOR", "LOCK", "INTO", "JOIN", "INNER",
            "LEFT", "RIGHT", "CROSS", "NATURAL", "STRAIGHT_JOIN", "FULL", "OUTER", "PARTITION", "USE", "IGNORE",
            "FORCE", "READ", "WRITE", "LOW_PRIORITY", "EXCEPT", "INTERSECT", "RETURNING", "WITH", "AS", "DO",
            "THEN", "END", "WHEN", "ELSE", "FOLLOWS", "PRECEDES", "ADD", "DROP", "MODIFY", "CHANGE", "RENAME",
            "ALTER", "ENGINE", "DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "COMMENT", "TO", "LIKE", "IF", "AUTO_INCREMENT");
    /** Words after which a bare name is an index or constraint name, never a column. */
    private static final Set<String> NAMES_A_KEY = Set.of("INDEX", "KEY", "CONSTRAINT", "UNIQUE", "FULLTEXT",
            "SPATIAL", "CHECK");

    private final NameMapping mapping;
    private final SchemaCatalog catalog;
    private final SqlLexer lexer;

    public NameRewriter(NameMapping mapping, SchemaCatalog catalog) {
        this(mapping, catalog, new SqlLexer());
    }

    public NameRewriter(NameMapping mapping, SchemaCatalog catalog, SqlLexer lexer) {
        this.mapping = mapping == null ? NameMapping.NONE : mapping;
        this.catalog = catalog;
        this.lexer = lexer;
    }

    /** The rewritten text and what could not be rewritten safely. */
    public record Result(String sql, boolean changed, List<String> problems) {
    }

    /**
     * Where a text is resolved: its default database (the object's schema), the table a trigger is defined on
     * (for NEW/OLD; null otherwise) and extra names that are never columns (parameters, local variables; the
     * rewriter also finds DECLAREd names and routine parameters itself).
     */
    public record Context(String defaultDatabase, String triggerTable, Set<String> locals, String scopeTable) {
        public static Context of(String defaultDatabase) {
            return new Context(defaultDatabase, null, Set.of(), null);
        }

        public static Context trigger(String defaultDatabase, String table) {
            return new Context(defaultDatabase, table, Set.of(), null);
        }

        /** An expression of one table (generated column, CHECK, index part): bare names are its columns. */
        public static Context columnsOf(String database, String table) {
            return new Context(database, null, Set.of(), table);
        }
    }

    /** A resolved source table. */
    private record TableRef(String db, String table) {
    }

    /** True when the mapping renames anything at all. */
    public boolean hasRenames() {
        return !(empty(mapping.databases()) && empty(mapping.tables()) && empty(mapping.columns()));
    }

    private static boolean empty(Map<?, ?> m) {
        return m == null || m.isEmpty();
    }

    public Result rewrite(String sql, Context ctx) {
        if (!hasRenames()) {
            return new Result(sql, false, List.of());
        }
        List<Token> all = lexer.tokenize(sql);
        List<Integer> sig = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).isTrivia()) {
                sig.add(i);
            }
        }
        List<Token> t = sig.stream().map(all::get).toList();
        Set<String> locals = new HashSet<>();
        ctx.locals().forEach(l -> locals.add(l.toLowerCase(Locale.ROOT)));
        collectLocals(t, locals);

        List<int[]> chains = chains(t);
        Map<Integer, TableRef> tableChains = new HashMap<>();
        Map<String, Set<TableRef>> aliases = new HashMap<>();
        Map<Integer, Set<TableRef>> referenced = new HashMap<>(); // per statement (split at ';')
        int[] segment = new int[t.size()];
        for (int i = 0, seg = 0; i < t.size(); i++) {
            segment[i] = seg;
            if (t.get(i).isSymbol(";")) {
                seg++;
            }
        }
        findTables(t, chains, ctx, tableChains, aliases, referenced, segment);
        if (ctx.scopeTable() != null) {
            for (int seg = 0; seg <= (t.isEmpty() ? 0 : segment[t.size() - 1]); seg++) {
                referenced.computeIfAbsent(seg, k -> new LinkedHashSet<>())
                        .add(new TableRef(ctx.defaultDatabase(), ctx.scopeTable()));
            }
        }

        Map<Integer, String> replace = new TreeMap<>(); // significant index -> new text
        Set<String> problems = new LinkedHashSet<>();
        for (int[] ch : chains) {
            int s = ch[0];
            int len = ch[1];
            List<Token> parts = new ArrayList<>();
            for (int k = 0; k < len; k++) {
                parts.add(t.get(s + 2 * k));
            }
            TableRef tr = tableChains.get(s);
            if (tr != null) {
                renameTableChain(parts, s, tr, replace);
                continue;
            }
            resolveChain(t, parts, s, ctx, locals, aliases, referenced.getOrDefault(segment[s], Set.of()),
                    replace, problems);
        }
        if (t.stream().anyMatch(x -> x.is("PREPARE"))) { // strings may hold dynamic SQL
            for (Token tok : t) {
                checkLiteral(tok, problems);
            }
        }
        for (Token tok : all) {
            if (tok.type() == TokenType.COMMENT && tok.text().startsWith("/*!")) {
                checkLiteral(new Token(TokenType.STRING, tok.text(), tok.start()), problems);
            }
        }
        if (replace.isEmpty()) {
            return new Result(sql, false, List.copyOf(problems));
        }
        StringBuilder out = new StringBuilder(sql.length() + 32);
        Map<Integer, String> byAll = new HashMap<>();
        replace.forEach((k, v) -> byAll.put(sig.get(k), v));
        for (int i = 0; i < all.size(); i++) {
            String r = byAll.get(i);
            out.append(r != null ? r : all.get(i).text());
        }
        String result = out.toString();
        return new Result(result, !result.equals(sql), List.copyOf(problems));
    }

    // ------------------------------------------------------------------ chains and tables

    /** Identifier chains as [start index, part count] over significant tokens. */
    private static List<int[]> chains(List<Token> t) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < t.size()) {
            Token tok = t.get(i);
            boolean afterDot = i > 0 && t.get(i - 1).isSymbol(".");
            if (tok.isIdentifier() && !afterDot) {
                int len = 1;
                int j = i;
                while (j + 2 < t.size() && t.get(j + 1).isSymbol(".") && t.get(j + 2).isIdentifier()
                        && t.get(j + 1).start() == t.get(j).end()) {
                    len++;
                    j += 2;
                }
                out.add(new int[] {i, len});
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    private void findTables(List<Token> t, List<int[]> chains, Context ctx, Map<Integer, TableRef> tableChains,
                            Map<String, Set<TableRef>> aliases, Map<Integer, Set<TableRef>> referenced,
                            int[] segment) {
        Map<Integer, int[]> chainAt = new HashMap<>();
        chains.forEach(c -> chainAt.put(c[0], c));
        Deque<Character> parens = new ArrayDeque<>(); // S subquery, T table group, E expression
        int listDepth = -1;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.isSymbol("(")) {
                boolean sub = i + 1 < t.size() && (t.get(i + 1).is("SELECT") || t.get(i + 1).is("WITH"));
                Token p = i > 0 ? t.get(i - 1) : null;
                boolean tables = !sub && p != null && (p.is("FROM") || p.is("JOIN") || p.is("STRAIGHT_JOIN")
                        || (p.isSymbol("(") && !parens.isEmpty() && parens.peek() == 'T')
                        || (p.isSymbol(",") && listDepth == parens.size()));
                parens.push(sub ? 'S' : tables ? 'T' : 'E');
                if (tables) {
                    listDepth = parens.size();
                }
                continue;
            }
            if (tok.isSymbol(")")) {
                if (!parens.isEmpty()) {
                    parens.pop();
                }
                if (parens.size() < listDepth) {
                    listDepth = -1;
                }
                continue;
            }
            if (tok.isSymbol(";") || (tok.type() == TokenType.WORD && TABLE_LIST_END.contains(tok.upper())
                    && parens.size() == listDepth)) {
                listDepth = -1;
            }
            int[] ch = chainAt.get(i);
            if (ch == null) {
                continue;
            }
            boolean inExpressionParens = !parens.isEmpty() && parens.peek() == 'E';
            boolean tablePos = false;
            if (i > 0) {
                Token p = t.get(i - 1);
                String pu = p.type() == TokenType.WORD ? p.upper() : "";
                switch (pu) {
                    case "FROM" -> tablePos = !inExpressionParens;
                    case "JOIN", "STRAIGHT_JOIN", "TABLE", "TABLES", "REFERENCES" -> tablePos = true;
                    case "UPDATE" -> tablePos = !(i > 1 && (t.get(i - 2).is("KEY") || t.get(i - 2).is("FOR")
                            || t.get(i - 2).is("ON") || t.get(i - 2).is("AFTER") || t.get(i - 2).is("BEFORE")));
                    case "INTO" -> tablePos = precededByInsert(t, i - 1);
                    case "ON" -> tablePos = i > 1 && (t.get(i - 2).is("INSERT") || t.get(i - 2).is("UPDATE")
                            || t.get(i - 2).is("DELETE"));
                    default -> tablePos = (p.isSymbol(",") && listDepth == parens.size())
                            || (p.isSymbol("(") && !parens.isEmpty() && parens.peek() == 'T');
                }
                if (pu.equals("FROM") || pu.equals("UPDATE")) {
                    if (tablePos) {
                        listDepth = parens.size();
                    }
                }
            }
            if (!tablePos) {
                continue;
            }
            TableRef ref = tableOf(t, ch, ctx);
            if (ref == null) {
                continue;
            }
            tableChains.put(i, ref);
            boolean triggerHeader = t.get(i - 1).is("ON");
            if (!triggerHeader) {
                referenced.computeIfAbsent(segment[i], k -> new LinkedHashSet<>()).add(ref);
            }
            int next = i + 2 * ch[1] - 1;
            if (next < t.size()) {
                Token a = t.get(next);
                if (a.is("AS") && next + 1 < t.size() && t.get(next + 1).isIdentifier()) {
                    aliases.computeIfAbsent(key(t.get(next + 1).name()), k -> new LinkedHashSet<>()).add(ref);
                } else if (a.type() == TokenType.QUOTED_ID
                        || (a.type() == TokenType.WORD && !NOT_ALIAS.contains(a.upper()) && !ReservedWords.isReserved(a.text()))) {
                    aliases.computeIfAbsent(key(a.name()), k -> new LinkedHashSet<>()).add(ref);
                }
            }
        }
    }

    private static boolean precededByInsert(List<Token> t, int intoIndex) {
        for (int k = intoIndex - 1; k >= 0 && k >= intoIndex - 4; k--) {
            if (t.get(k).is("INSERT") || t.get(k).is("REPLACE")) {
                return true;
            }
        }
        return false;
    }

    /** The catalog table a chain in table position names, or null. */
    private TableRef tableOf(List<Token> t, int[] ch, Context ctx) {
        if (ch[1] == 1) {
            String name = t.get(ch[0]).name();
            return catalog.hasTable(ctx.defaultDatabase(), name) ? new TableRef(ctx.defaultDatabase(), name) : null;
        }
        if (ch[1] == 2) {
            String db = t.get(ch[0]).name();
            String name = t.get(ch[0] + 2).name();
            return catalog.hasTable(db, name) ? new TableRef(db, name) : null;
        }
        return null;
    }

    private void renameTableChain(List<Token> parts, int s, TableRef tr, Map<Integer, String> replace) {
        String newTable = mapping.table(tr.db(), tr.table());
        if (parts.size() == 2) {
            String newDb = mapping.database(tr.db());
            if (!newDb.equals(tr.db())) {
                replace.put(s, Sql.id(newDb));
            }
            if (!newTable.equals(tr.table())) {
                replace.put(s + 2, Sql.id(newTable));
            }
        } else if (!newTable.equals(tr.table())) {
            replace.put(s, Sql.id(newTable));
        }
    }

    private void resolveChain(List<Token> t, List<Token> parts, int s, Context ctx, Set<String> locals,
                              Map<String, Set<TableRef>> aliases, Set<TableRef> referenced,
                              Map<Integer, String> replace, Set<String> problems) {
        int after = s + 2 * parts.size() - 1;
        boolean call = after < t.size() && t.get(after).isSymbol("(");
        if (parts.size() == 3) {
            String db = parts.get(0).name();
            String table = parts.get(1).name();
            if (catalog.hasTable(db, table)) {
                renameTableChain(parts.subList(0, 2), s, new TableRef(db, table), replace);
                renameColumn(new TableRef(db, table), parts.get(2), s + 4, replace);
            }
            return;
        }
        if (parts.size() == 2) {
            String first = parts.get(0).name();
            Token second = parts.get(1);
            if (call) { // db.routine(...)
                if (catalog.hasDatabase(first) && !mapping.database(first).equals(first)) {
                    replace.put(s, Sql.id(mapping.database(first)));
                }
                return;
            }
            Set<TableRef> viaAlias = aliases.get(key(first));
            if (viaAlias != null) {
                if (viaAlias.size() == 1) {
                    renameColumn(viaAlias.iterator().next(), second, s + 2, replace);
                } else {
                    columnAmbiguity(viaAlias, second, problems, "alias " + first + " names more than one table");
                }
                return;
            }
            if (ctx.triggerTable() != null && (first.equalsIgnoreCase("NEW") || first.equalsIgnoreCase("OLD"))
                    && parts.get(0).type() == TokenType.WORD) {
                renameColumn(new TableRef(ctx.defaultDatabase(), ctx.triggerTable()), second, s + 2, replace);
                return;
            }
            if (catalog.hasTable(ctx.defaultDatabase(), first)) { // table.column
                TableRef tr = new TableRef(ctx.defaultDatabase(), first);
                renameTableChain(parts.subList(0, 1), s, tr, replace);
                renameColumn(tr, second, s + 2, replace);
                return;
            }
            if (catalog.hasTable(first, second.name())) { // db.table outside a table position
                renameTableChain(parts, s, new TableRef(first, second.name()), replace);
                return;
            }
            if (catalog.hasDatabase(first) && !mapping.database(first).equals(first)) { // db.routine / db.event
                replace.put(s, Sql.id(mapping.database(first)));
            }
            return;
        }
        // one part: an unqualified column (or alias, variable, keyword, function)
        Token tok = parts.get(0);
        boolean prefixLength = call && ctx.scopeTable() != null && after + 2 < t.size()
                && t.get(after + 1).type() == TokenType.NUMBER && t.get(after + 2).isSymbol(")"); // KEY (c(10))
        if (call && !prefixLength || locals.contains(key(tok.name()))) {
            return;
        }
        Token prev = s > 0 ? t.get(s - 1) : null;
        if (prev != null && (prev.is("AS") || prev.type() == TokenType.NUMBER || prev.type() == TokenType.STRING)) {
            return;
        }
        if (tok.type() == TokenType.WORD && ReservedWords.isReserved(tok.text())) {
            return;
        }
        if (tok.type() == TokenType.WORD && prev != null && prev.is("DECLARE")) {
            return;
        }
        if (prev != null && prev.type() == TokenType.WORD && NAMES_A_KEY.contains(prev.upper())) {
            return; // ADD INDEX ix (...), DROP CHECK ck: an index or constraint name
        }
        Set<TableRef> owners = new LinkedHashSet<>();
        for (TableRef r : referenced) {
            if (catalog.hasColumn(r.db(), r.table(), tok.name())) {
                owners.add(r);
            }
        }
        if (owners.isEmpty()) {
            return;
        }
        Set<String> targets = new HashSet<>();
        for (TableRef r : owners) {
            String src = catalog.column(r.db(), r.table(), tok.name()).orElse(tok.name());
            targets.add(mapping.column(r.db(), r.table(), src));
        }
        if (targets.size() == 1) {
            TableRef only = owners.iterator().next();
            renameColumn(only, tok, s, replace);
        } else {
            columnAmbiguity(owners, tok, problems, "unqualified column " + tok.name()
                    + " is in several referenced tables that map it differently");
        }
    }

    private void renameColumn(TableRef tr, Token col, int index, Map<Integer, String> replace) {
        if (col.isSymbol("*")) {
            return;
        }
        String src = catalog.column(tr.db(), tr.table(), col.name()).orElse(null);
        if (src == null) {
            return;
        }
        String dst = mapping.column(tr.db(), tr.table(), src);
        if (!dst.equals(src)) {
            replace.put(index, Sql.id(dst));
        }
    }

    private void columnAmbiguity(Set<TableRef> tables, Token col, Set<String> problems, String why) {
        boolean renamed = tables.stream().anyMatch(r -> catalog.column(r.db(), r.table(), col.name())
                .map(c -> !mapping.column(r.db(), r.table(), c).equals(c)).orElse(false));
        if (renamed) {
            problems.add(why + "; '" + col.name() + "' was left as is");
        }
    }

    /** A string or executable comment that spells a renamed database or table may be dynamic SQL: report it. */
    private void checkLiteral(Token tok, Set<String> problems) {
        if (tok.type() != TokenType.STRING) {
            return;
        }
        String text = tok.text();
        if (mapping.databases() != null) {
            mapping.databases().forEach((src, dst) -> {
                if (!src.equals(dst) && containsWord(text, src)) {
                    problems.add("text " + abbreviate(text) + " mentions renamed database " + src
                            + " (dynamic SQL or an executable comment is not rewritten)");
                }
            });
        }
        if (mapping.tables() != null) {
            mapping.tables().forEach((src, dst) -> {
                String table = src.substring(src.indexOf('.') + 1);
                if (!table.equals(dst) && containsWord(text, table)) {
                    problems.add("text " + abbreviate(text) + " mentions renamed table " + src
                            + " (dynamic SQL or an executable comment is not rewritten)");
                }
            });
        }
    }

    private static boolean containsWord(String text, String word) {
        return Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])").matcher(text).find();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Routine parameters and DECLAREd variables, which MySQL resolves before columns. */
    private static void collectLocals(List<Token> t, Set<String> locals) {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.is("DECLARE")) {
                int j = i + 1;
                if (j < t.size() && (t.get(j).is("CONTINUE") || t.get(j).is("EXIT") || t.get(j).is("UNDO"))) {
                    continue;
                }
                while (j < t.size() && t.get(j).isIdentifier()) {
                    if (j + 1 < t.size() && (t.get(j + 1).is("CURSOR") || t.get(j + 1).is("CONDITION"))) {
                        break;
                    }
                    locals.add(key(t.get(j).name()));
                    if (j + 1 < t.size() && t.get(j + 1).isSymbol(",")) {
                        j += 2;
                    } else {
                        break;
                    }
                }
            } else if ((tok.is("PROCEDURE") || tok.is("FUNCTION")) && i > 0 && !t.get(i - 1).is("DROP")) {
                int j = i + 1;
                while (j < t.size() && !t.get(j).isSymbol("(")) {
                    if (t.get(j).isSymbol(";")) {
                        break;
                    }
                    j++;
                }
                int depth = 0;
                boolean expectName = true;
                for (; j < t.size(); j++) {
                    Token p = t.get(j);
                    if (p.isSymbol("(")) {
                        depth++;
                        if (depth == 1) {
                            expectName = true;
                        }
                        continue;
                    }
                    if (p.isSymbol(")")) {
                        depth--;
                        if (depth == 0) {
                            break;
                        }
                        continue;
                    }
                    if (depth == 1 && p.isSymbol(",")) {
                        expectName = true;
                        continue;
                    }
                    if (depth == 1 && expectName && p.isIdentifier()) {
                        if (p.is("IN") || p.is("OUT") || p.is("INOUT")) {
                            continue;
                        }
                        locals.add(key(p.name()));
                        expectName = false;
                    }
                }
            }
        }
    }
}
