package dev.sluice.schema;

import dev.sluice.db.Sql;
import dev.sluice.schema.Step.Phase;
import dev.sluice.schema.TableDdl.DefKind;
import dev.sluice.schema.TableDdl.Definition;
import dev.sluice.sql.NameRewriter;
import dev.sluice.sql.SchemaCatalog;
import dev.sluice.sql.SqlLexer;
import dev.sluice.sql.Token;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.TaskOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the source schema into the ordered DDL for the destination: databases; tables in foreign-key order with
 * their primary key (plus the unique NOT NULL key a keyless table's chunking needs and the key an AUTO_INCREMENT
 * column needs); routines; views in dependency order; events; and, deferred after the full copy when the task
 * says so, secondary indexes, foreign keys and triggers. Names are mapped and DDL converted on the way.
 */
public final class SchemaPlanner {
    private static final SqlLexer LEXER = new SqlLexer();

    private final ServerProfile dst;
    private final NameMapping mapping;
    private final ObjectFilter filter;
    private final TaskOptions.SchemaOptions options;
    private final ChangeLog log;
    private final DdlConverter converter;
    private boolean guardTriggers;
    private boolean holdUniqueKeys;

    public SchemaPlanner(ServerProfile src, ServerProfile dst, NameMapping mapping, ObjectFilter filter,
                         TaskOptions.SchemaOptions options, ChangeLog log) {
        this.dst = dst;
        this.mapping = mapping;
        this.filter = filter;
        this.options = options;
        this.log = log;
        this.converter = new DdlConverter(src, dst, log);
    }

    /**
     * Guards triggers against firing for rows the binlog applier writes (for tasks with incremental replication;
     * the applier's session sets {@link dev.sluice.db.TriggerGuard#VARIABLE}).
     */
    public SchemaPlanner guardTriggers(boolean on) {
        this.guardTriggers = on;
        return this;
    }

    /**
     * Leaves unique secondary keys to be built after replication has replayed past the copy (full + incremental
     * tasks: chunks read at different times can hold a unique value twice until the replay converges).
     */
    public SchemaPlanner holdUniqueKeys(boolean on) {
        this.holdUniqueKeys = on;
        return this;
    }

    /** The catalog of source names (tables and views with their columns) the name rewriter resolves against. */
    public static SchemaCatalog catalog(List<SourceDatabase> dbs, Map<String, List<String>> viewColumns) {
        SchemaCatalog c = new SchemaCatalog();
        for (SourceDatabase d : dbs) {
            c.addDatabase(d.name());
            d.tables().forEach(t -> c.add(d.name(), t.name(), t.columns()));
            d.views().forEach(v -> c.add(d.name(), v.name(), viewColumns.getOrDefault(d.name() + "." + v.name(), List.of())));
        }
        return c;
    }

    public List<Step> plan(List<SourceDatabase> dbs, SchemaCatalog catalog) {
        NameRewriter rewriter = new NameRewriter(mapping, catalog);
        TableTransformer transformer = new TableTransformer(mapping, rewriter, log);
        List<Step> create = new ArrayList<>();
        List<Step> indexes = new ArrayList<>();
        List<Step> fks = new ArrayList<>();
        List<Step> triggers = new ArrayList<>();
        for (SourceDatabase d : dbs) {
            String target = mapping.database(d.name());
            create.add(new Step(Phase.CREATE, ObjectKind.DATABASE, d.name(), target, target, null,
                    "CREATE DATABASE IF NOT EXISTS " + Sql.id(target) + " "
                            + converter.databaseDefaults(d.name(), d.charset(), d.collation()),
                    null, null, null, "database " + target));
        }
        for (SourceDatabase d : dbs) {
            for (SourceTable t : fkOrder(d.tables())) {
                planTable(d, t, transformer, create, indexes, fks);
            }
        }
        for (SourceDatabase d : dbs) {
            for (SourceObject r : d.routines()) {
                create.add(object(r, rewriter, Phase.CREATE));
            }
        }
        for (SourceObject v : viewOrder(dbs)) {
            create.add(object(v, rewriter, Phase.CREATE));
        }
        for (SourceDatabase d : dbs) {
            for (SourceObject e : d.events()) {
                create.add(object(e, rewriter, Phase.CREATE));
            }
            for (SourceObject tr : d.triggers()) {
                triggers.add(object(tr, rewriter, options.deferTriggersOrDefault() ? Phase.FINISH : Phase.CREATE));
            }
        }
        List<Step> all = new ArrayList<>(create);
        all.addAll(indexes);
        all.addAll(fks);
        all.addAll(triggers);
        return all;
    }

    private void planTable(SourceDatabase d, SourceTable t, TableTransformer transformer, List<Step> create,
                           List<Step> indexes, List<Step> fks) {
        String db = d.name();
        String object = "table " + db + "." + t.name();
        String targetDb = mapping.database(db);
        String targetName = mapping.table(db, t.name());
        String qualified = Sql.id(targetDb, targetName);
        TableDdl ddl = TableDdl.parse(t.createSql());
        transformer.select(t, ddl, filter.columns(db, t.name()));
        transformer.rename(t, ddl);
        Map<String, String> srcNameByDef = new HashMap<>();
        String autoInc = null;
        for (Definition def : ddl.definitions) {
            if (def.kind == DefKind.COLUMN) {
                String up = def.text.toUpperCase(Locale.ROOT);
                if (up.contains("AUTO_INCREMENT")) {
                    autoInc = def.name.toLowerCase(Locale.ROOT);
                }
                srcNameByDef.put(def.name, def.name);
                def.text = converter.column(db, object, def, t.columnCollations().get(def.name));
            } else if (def.kind == DefKind.FOREIGN) {
                def.text = converter.foreignKey(db, object, def.name, def.text, t.foreignKeyRules().get(def.name),
                        options.deferForeignKeysOrDefault());
            }
        }
        converter.endTable(db, object);
        ddl.options = converter.tableOptions(db, object, ddl.options, t.tableCollation());
        // which keys the CREATE TABLE keeps
        Definition pk = ddl.definitions.stream().filter(x -> x.kind == DefKind.PRIMARY).findFirst().orElse(null);
        // the row identity (RowIdentity: what the copy and replication find rows by) stays in the CREATE TABLE
        Definition chunkKey = pk != null || t.rowIdentityKey() == null ? null : ddl.definitions.stream()
                .filter(x -> x.kind == DefKind.UNIQUE && t.rowIdentityKey().equalsIgnoreCase(x.name))
                .findFirst().orElse(null);
        Definition autoIncKey = null;
        if (autoInc != null && (pk == null || pk.columns.isEmpty()
                || !pk.columns.get(0).equalsIgnoreCase(autoInc))) {
            String ai = autoInc;
            autoIncKey = ddl.definitions.stream().filter(x -> x.isKey() && !x.columns.isEmpty()
                    && x.columns.get(0).equalsIgnoreCase(ai)).findFirst().orElse(null);
        }
        List<Definition> inline = new ArrayList<>();
        List<Definition> deferredKeys = new ArrayList<>();
        List<Definition> deferredFks = new ArrayList<>();
        for (Definition def : ddl.definitions) {
            if (def.isKey() && !converter.keepKey(db, object, def)) {
                continue;
            }
            if (def.kind == DefKind.FOREIGN) {
                if (options.deferForeignKeysOrDefault()) {
                    deferredFks.add(def);
                } else {
                    inline.add(def);
                }
            } else if (def.isKey() && def != pk && def != chunkKey && def != autoIncKey
                    && (options.deferSecondaryIndexesOrDefault() || holdUniqueKeys && def.kind == DefKind.UNIQUE)) {
                deferredKeys.add(def);
            } else {
                inline.add(def);
            }
        }
        create.add(new Step(Phase.CREATE, ObjectKind.TABLE, db, targetDb, targetName, targetName,
                ddl.toSql(qualified, inline), null, null, null, "table " + targetDb + "." + targetName));
        // one step per key (the applier adds a table's missing keys in one ALTER TABLE; InnoDB builds them in one
        // pass; FULLTEXT and SPATIAL keys get their own statement)
        for (Definition k : deferredKeys) {
            Phase when = holdUniqueKeys && k.kind == DefKind.UNIQUE ? Phase.AFTER_REPLAY : Phase.FINISH;
            indexes.add(new Step(when, ObjectKind.INDEX, db, targetDb, k.name, targetName,
                    TableDdl.addClause(k), null, null, null, "index " + targetDb + "." + targetName + "." + k.name));
        }
        for (Definition fk : deferredFks) {
            fks.add(new Step(Phase.FINISH, ObjectKind.FOREIGN_KEY, db, targetDb, fk.name, targetName,
                    TableDdl.addClause(fk), null, null, null,
                    "foreign key " + targetDb + "." + targetName + "." + fk.name));
        }
    }

    private Step object(SourceObject o, NameRewriter rewriter, Phase phase) {
        String db = o.database();
        String targetDb = mapping.database(db);
        String object = o.label();
        String sql = o.createSql();
        String keyword = switch (o.kind()) {
            case VIEW -> "VIEW";
            case PROCEDURE -> "PROCEDURE";
            case FUNCTION -> "FUNCTION";
            case TRIGGER -> "TRIGGER";
            case EVENT -> "EVENT";
            default -> throw new IllegalArgumentException(o.kind().name());
        };
        String name = o.kind() == ObjectKind.VIEW ? mapping.table(db, o.name()) : o.name();
        NameRewriter.Context ctx = o.kind() == ObjectKind.TRIGGER
                ? NameRewriter.Context.trigger(db, o.table()) : NameRewriter.Context.of(db);
        NameRewriter.Result r = rewriter.rewrite(sql, ctx);
        if (r.changed()) {
            log.change(db, object, "names as on the source", "names mapped", "the task's name mapping renames "
                    + "objects this " + o.kind().label() + " references; references were rewritten");
        }
        r.problems().forEach(p -> log.problem(db, object, "", "created with this reference unchanged", p));
        sql = r.sql();
        sql = ObjectDdl.rename(sql, keyword, targetDb, name);
        sql = ObjectDdl.definer(sql, options.definerOrDefault(), dst, log, db, object);
        if (o.kind() != ObjectKind.VIEW) {
            sql = converter.body(db, object, sql);
        }
        if (o.kind() == ObjectKind.EVENT) {
            sql = ObjectDdl.disableEvent(sql, dst, log, db, object);
        }
        if (o.kind() == ObjectKind.TRIGGER && guardTriggers) {
            sql = ObjectDdl.guardTrigger(sql, log, db, object);
        }
        String mode = o.kind() == ObjectKind.VIEW ? null : converter.sqlMode(db, object, o.sqlMode());
        String coll = converter.connectionCollation(db, object, o.collationConnection());
        String table = o.kind() == ObjectKind.TRIGGER ? mapping.table(db, o.table()) : null;
        return new Step(phase, o.kind(), db, targetDb, name, table, sql, mode, coll, o.timeZone(),
                o.kind().label() + " " + targetDb + "." + name);
    }

    /** Tables ordered so that a referenced table comes before the tables referencing it (cycles kept in name order). */
    static List<SourceTable> fkOrder(List<SourceTable> tables) {
        Map<String, SourceTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Map<String, Set<String>> deps = new HashMap<>();
        for (SourceTable t : tables) {
            Set<String> refs = new HashSet<>();
            for (Definition d : TableDdl.parse(t.createSql()).definitions) {
                if (d.kind == DefKind.FOREIGN) {
                    String[] ref = TableDdl.referencedTable(d);
                    if ((ref[0] == null || ref[0].equals(t.database())) && byName.containsKey(ref[1])
                            && !ref[1].equals(t.name())) {
                        refs.add(ref[1]);
                    }
                }
            }
            deps.put(t.name(), refs);
        }
        return topo(byName, deps);
    }

    /** Views ordered so that a view comes after the views it selects from (found by scanning its identifiers). */
    static List<SourceObject> viewOrder(List<SourceDatabase> dbs) {
        Map<String, SourceObject> byName = new LinkedHashMap<>();
        dbs.forEach(d -> d.views().forEach(v -> byName.put(d.name() + "." + v.name(), v)));
        Map<String, Set<String>> deps = new HashMap<>();
        for (var e : byName.entrySet()) {
            SourceObject v = e.getValue();
            Set<String> refs = new HashSet<>();
            List<Token> sig = LEXER.significant(v.createSql());
            boolean body = false;
            for (int i = 0; i < sig.size(); i++) {
                Token t = sig.get(i);
                if (t.is("AS")) {
                    body = true;
                }
                if (!body || !t.isIdentifier()) {
                    continue;
                }
                String key;
                if (i + 2 < sig.size() && sig.get(i + 1).isSymbol(".") && sig.get(i + 2).isIdentifier()) {
                    key = t.name() + "." + sig.get(i + 2).name();
                } else {
                    key = v.database() + "." + t.name();
                }
                if (byName.containsKey(key) && !key.equals(e.getKey())) {
                    refs.add(key);
                }
            }
            deps.put(e.getKey(), refs);
        }
        return topo(byName, deps);
    }

    private static <T> List<T> topo(Map<String, T> byName, Map<String, Set<String>> deps) {
        List<T> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String n : byName.keySet()) {
            visit(n, byName, deps, done, visiting, out);
        }
        return out;
    }

    private static <T> void visit(String n, Map<String, T> byName, Map<String, Set<String>> deps, Set<String> done,
                                  Set<String> visiting, List<T> out) {
        if (done.contains(n) || !visiting.add(n)) {
            return; // done, or a cycle (foreign keys may form one; they are added after all tables exist)
        }
        for (String d : deps.getOrDefault(n, Set.of())) {
            visit(d, byName, deps, done, visiting, out);
        }
        visiting.remove(n);
        done.add(n);
        out.add(byName.get(n));
    }
}
