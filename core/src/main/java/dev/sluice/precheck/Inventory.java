package dev.sluice.precheck;

import dev.sluice.table.Column;
import dev.sluice.table.RowIdentity;
import dev.sluice.table.TableModel;
import dev.sluice.table.TableModels;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.TaskSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The source objects a task selects, read from information_schema in one pass per kind: databases, tables and
 * views, table models (columns and keys, {@link TableModels}), foreign keys, triggers, routines and events. Only objects the source account can see
 * are listed.
 */
public final class Inventory {
    /** A source database with its defaults. */
    public record Database(String name, String charset, String collation) {
    }

    /** A base table. */
    public record Table(String db, String name, String engine, long rows, long dataBytes, long indexBytes,
                        String collation, String createOptions) {
        public String qualified() {
            return db + "." + name;
        }

        public boolean partitioned() {
            return createOptions != null && createOptions.toLowerCase(Locale.ROOT).contains("partitioned");
        }
    }

    /** A foreign key of a selected table. */
    public record ForeignKey(String db, String table, String name, String refDb, String refTable, String updateRule,
                             String deleteRule) {
    }

    /** A view, routine, trigger or event, with its DEFINER ({@code table} is set for triggers). */
    public record Stored(String kind, String db, String name, String table, String definer) {
        public String qualified() {
            return db + "." + name;
        }
    }

    private final List<Database> allDatabases;
    private final List<Database> databases;
    private final List<Table> tables;
    private final List<Table> unselectedTablesOfSelectedDatabases;
    private final List<Stored> views;
    private final Map<String, TableModel> models;
    private final ObjectFilter filter;
    private final List<ForeignKey> foreignKeys;
    private final List<Stored> triggers;
    private final List<Stored> routines;
    private final List<Stored> events;

    private Inventory(List<Database> allDatabases, List<Database> databases, List<Table> tables,
                      List<Table> unselected, List<Stored> views, Map<String, TableModel> models,
                      ObjectFilter filter, List<ForeignKey> foreignKeys, List<Stored> triggers,
                      List<Stored> routines, List<Stored> events) {
        this.allDatabases = allDatabases;
        this.databases = databases;
        this.tables = tables;
        this.unselectedTablesOfSelectedDatabases = unselected;
        this.views = views;
        this.models = models;
        this.filter = filter;
        this.foreignKeys = foreignKeys;
        this.triggers = triggers;
        this.routines = routines;
        this.events = events;
    }

    static Inventory load(ServerSide source, TaskSpec spec) throws SQLException {
        ObjectFilter filter = spec.filter();
        List<Database> all = new ArrayList<>();
        for (Map<String, Object> r : source.query("SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, "
                + "DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            all.add(new Database(s(r, "SCHEMA_NAME"), s(r, "DEFAULT_CHARACTER_SET_NAME"),
                    s(r, "DEFAULT_COLLATION_NAME")));
        }
        List<Database> dbs = all.stream().filter(d -> filter.includesDatabase(d.name()))
                .filter(d -> !isSystemDatabase(d.name())).toList();
        if (dbs.isEmpty()) {
            return new Inventory(all, dbs, List.of(), List.of(), List.of(), Map.of(), filter, List.of(), List.of(),
                    List.of(), List.of());
        }
        String in = dbs.stream().map(d -> "?").collect(Collectors.joining(", ", "(", ")"));
        Object[] names = dbs.stream().map(Database::name).toArray();

        List<Table> tables = new ArrayList<>();
        List<Table> unselected = new ArrayList<>();
        List<Stored> views = new ArrayList<>();
        for (Map<String, Object> r : source.query("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS, "
                + "DATA_LENGTH, INDEX_LENGTH, TABLE_COLLATION, CREATE_OPTIONS FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA IN " + in + " ORDER BY TABLE_SCHEMA, TABLE_NAME", names)) {
            String db = s(r, "TABLE_SCHEMA");
            String name = s(r, "TABLE_NAME");
            String type = s(r, "TABLE_TYPE");
            if ("VIEW".equalsIgnoreCase(type)) {
                if (filter.includesTable(db, name)) {
                    views.add(new Stored("view", db, name, null, null));
                }
                continue;
            }
            Table t = new Table(db, name, s(r, "ENGINE"), l(r, "TABLE_ROWS"), l(r, "DATA_LENGTH"),
                    l(r, "INDEX_LENGTH"), s(r, "TABLE_COLLATION"), s(r, "CREATE_OPTIONS"));
            (filter.includesTable(db, name) ? tables : unselected).add(t);
        }
        java.util.Set<String> selected = tables.stream().map(Table::qualified).collect(Collectors.toSet());

        // columns and keys: the shared table model (one query per kind for all selected databases)
        Map<String, TableModel> models = new LinkedHashMap<>();
        TableModels.readSchemas(source.connection(), dbs.stream().map(Database::name).toList()).forEach((ref, m) -> {
            if (selected.contains(ref.key())) {
                models.put(ref.key(), m);
            }
        });

        List<ForeignKey> fks = new ArrayList<>();
        for (Map<String, Object> r : source.query("SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, "
                + "UNIQUE_CONSTRAINT_SCHEMA, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE FROM "
                + "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN " + in
                + " ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME", names)) {
            if (selected.contains(s(r, "CONSTRAINT_SCHEMA") + "." + s(r, "TABLE_NAME"))) {
                fks.add(new ForeignKey(s(r, "CONSTRAINT_SCHEMA"), s(r, "TABLE_NAME"), s(r, "CONSTRAINT_NAME"),
                        s(r, "UNIQUE_CONSTRAINT_SCHEMA"), s(r, "REFERENCED_TABLE_NAME"), s(r, "UPDATE_RULE"),
                        s(r, "DELETE_RULE")));
            }
        }

        List<Stored> viewsWithDefiner = new ArrayList<>();
        Map<String, String> viewDefiners = new LinkedHashMap<>();
        for (Map<String, Object> r : source.query("SELECT TABLE_SCHEMA, TABLE_NAME, DEFINER FROM "
                + "information_schema.VIEWS WHERE TABLE_SCHEMA IN " + in, names)) {
            viewDefiners.put(s(r, "TABLE_SCHEMA") + "." + s(r, "TABLE_NAME"), s(r, "DEFINER"));
        }
        for (Stored v : views) {
            viewsWithDefiner.add(new Stored("view", v.db(), v.name(), null, viewDefiners.get(v.qualified())));
        }

        List<Stored> triggers = new ArrayList<>();
        for (Map<String, Object> r : source.query("SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE, DEFINER "
                + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN " + in
                + " ORDER BY TRIGGER_SCHEMA, TRIGGER_NAME", names)) {
            if (selected.contains(s(r, "TRIGGER_SCHEMA") + "." + s(r, "EVENT_OBJECT_TABLE"))
                    && !filter.onlineDdl().isToolTrigger(s(r, "TRIGGER_NAME"))) {
                triggers.add(new Stored("trigger", s(r, "TRIGGER_SCHEMA"), s(r, "TRIGGER_NAME"),
                        s(r, "EVENT_OBJECT_TABLE"), s(r, "DEFINER")));
            }
        }
        List<Stored> routines = new ArrayList<>();
        for (Map<String, Object> r : source.query("SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, DEFINER FROM "
                + "information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN " + in
                + " ORDER BY ROUTINE_SCHEMA, ROUTINE_NAME", names)) {
            routines.add(new Stored(s(r, "ROUTINE_TYPE").toLowerCase(Locale.ROOT), s(r, "ROUTINE_SCHEMA"),
                    s(r, "ROUTINE_NAME"), null, s(r, "DEFINER")));
        }
        List<Stored> events = new ArrayList<>();
        for (Map<String, Object> r : source.query("SELECT EVENT_SCHEMA, EVENT_NAME, DEFINER FROM "
                + "information_schema.EVENTS WHERE EVENT_SCHEMA IN " + in + " ORDER BY EVENT_SCHEMA, EVENT_NAME",
                names)) {
            events.add(new Stored("event", s(r, "EVENT_SCHEMA"), s(r, "EVENT_NAME"), null, s(r, "DEFINER")));
        }
        return new Inventory(all, dbs, tables, unselected, viewsWithDefiner, models, filter, fks, triggers,
                routines, events);
    }

    /** Databases Sluice never migrates. */
    public static boolean isSystemDatabase(String name) {
        return TableModels.isSystemDatabase(name);
    }

    private static String s(Map<String, Object> r, String k) {
        Object v = r.get(k);
        return v == null ? null : String.valueOf(v);
    }

    private static long l(Map<String, Object> r, String k) {
        Object v = r.get(k);
        return v instanceof Number n ? n.longValue() : v == null ? 0 : Long.parseLong(String.valueOf(v));
    }

    /** Every database on the source (system ones included), for "does it exist" questions. */
    public List<Database> allDatabases() {
        return allDatabases;
    }

    /** Selected, non-system databases that exist. */
    public List<Database> databases() {
        return databases;
    }

    public List<Table> tables() {
        return tables;
    }

    /** Base tables of selected databases that the task's rules leave out. */
    public List<Table> unselectedTables() {
        return unselectedTablesOfSelectedDatabases;
    }

    public List<Stored> views() {
        return views;
    }

    /** The table's model (columns and keys); null when the table disappeared while the inventory was read. */
    public TableModel model(Table t) {
        return models.get(t.qualified());
    }

    public List<Column> columns(Table t) {
        TableModel m = model(t);
        return m == null ? List.of() : m.columns();
    }

    public List<ForeignKey> foreignKeys() {
        return foreignKeys;
    }

    public List<Stored> triggers() {
        return triggers;
    }

    public List<Stored> routines() {
        return routines;
    }

    public List<Stored> events() {
        return events;
    }

    /** Views, routines, triggers and events together. */
    public List<Stored> storedObjects() {
        List<Stored> all = new ArrayList<>(views);
        all.addAll(routines);
        all.addAll(triggers);
        all.addAll(events);
        return Collections.unmodifiableList(all);
    }

    /** How Sluice identifies the table's rows (the rule every phase shares, under the task's column selection). */
    public RowIdentity identity(Table t) {
        TableModel m = model(t);
        return m == null ? new RowIdentity(RowIdentity.Kind.WHOLE_ROW, null, List.of())
                : m.identity(c -> filter.includesColumn(t.db(), t.name(), c));
    }

    /** Total data plus index bytes of the selected tables (information_schema estimates). */
    public long totalBytes() {
        return tables.stream().mapToLong(t -> t.dataBytes() + t.indexBytes()).sum();
    }
}
