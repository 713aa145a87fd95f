package dev.sluice.schema;

import dev.sluice.db.Queries;
import dev.sluice.db.Sql;
import dev.sluice.table.Column;
import dev.sluice.table.TableModel;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.ObjectFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the selected objects of a source server: databases, base tables ({@code SHOW CREATE TABLE} plus column
 * collations from information_schema), views, procedures, functions, triggers of selected tables and events.
 * Views count as tables for the task's {@code objects:} selection; routines and events come with their database.
 */
public final class SchemaReader {
    private final Connection conn;

    public SchemaReader(Connection conn) {
        this.conn = conn;
    }

    /** Every selected database, in name order, with its objects. */
    public List<SourceDatabase> read(ObjectFilter filter) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("SET SESSION sql_mode = ''"); // SHOW CREATE output with backticks, no ANSI_QUOTES
            st.execute("SET SESSION sql_quote_show_create = 1");
        }
        List<SourceDatabase> out = new ArrayList<>();
        for (String[] db : rows("SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
                + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN "
                + "('mysql','information_schema','performance_schema','sys') ORDER BY SCHEMA_NAME")) {
            if (filter.includesDatabase(db[0])) {
                out.add(readDatabase(db[0], db[1], db[2], filter));
            }
        }
        return out;
    }

    /** Columns of each selected view ({@code db.view} to names in order), for resolving references to views. */
    public Map<String, List<String>> viewColumns(List<SourceDatabase> dbs) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (SourceDatabase d : dbs) {
            for (SourceObject v : d.views()) {
                List<String> cols = new ArrayList<>();
                for (String[] c : rows("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                        + "AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", d.name(), v.name())) {
                    cols.add(c[0]);
                }
                out.put(d.name() + "." + v.name(), cols);
            }
        }
        return out;
    }

    private SourceDatabase readDatabase(String db, String charset, String collation, ObjectFilter filter)
            throws SQLException {
        List<SourceTable> tables = new ArrayList<>();
        List<SourceObject> views = new ArrayList<>();
        Map<TableRef, TableModel> models = TableModels.readSchemas(conn, List.of(db));
        for (String[] t : rows("SELECT TABLE_NAME, TABLE_TYPE, TABLE_COLLATION FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", db)) {
            if (!filter.includesTable(db, t[0])) {
                continue;
            }
            if ("VIEW".equals(t[1])) {
                views.add(view(db, t[0]));
            } else if ("BASE TABLE".equals(t[1])) {
                TableModel m = models.get(new TableRef(db, t[0]));
                if (m != null) { // else dropped since the listing
                    tables.add(table(m, t[2], filter));
                }
            }
            // SYSTEM VIEW, SEQUENCE (MariaDB) and temporary tables are not migrated
        }
        List<SourceObject> routines = new ArrayList<>();
        for (String[] r : rows("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES "
                + "WHERE ROUTINE_SCHEMA = ? AND ROUTINE_TYPE IN ('PROCEDURE','FUNCTION') ORDER BY ROUTINE_TYPE, ROUTINE_NAME", db)) {
            routines.add(routine(db, r[0], ObjectKind.valueOf(r[1])));
        }
        List<SourceObject> triggers = new ArrayList<>();
        for (String[] r : rows("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS "
                + "WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER", db)) {
            if (filter.includesTrigger(db, r[0], r[1])) {
                triggers.add(trigger(db, r[0], r[1]));
            }
        }
        List<SourceObject> events = new ArrayList<>();
        for (String[] r : rows("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME", db)) {
            events.add(event(db, r[0]));
        }
        return new SourceDatabase(db, charset, collation, tables, views, routines, triggers, events);
    }

    private SourceTable table(TableModel m, String tableCollation, ObjectFilter filter) throws SQLException {
        String db = m.database();
        String name = m.table();
        String create = single("SHOW CREATE TABLE " + Sql.id(db, name), 2);
        List<String> columns = new ArrayList<>();
        Map<String, String> collations = new LinkedHashMap<>();
        for (Column c : m.columns()) {
            columns.add(c.name());
            collations.put(c.name(), c.collation());
        }
        Map<String, List<String>> rules = new LinkedHashMap<>();
        for (String[] r : rows("SELECT CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS "
                + "WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?", db, name)) {
            rules.put(r[0], List.of(r[1], r[2]));
        }
        String identity = m.identity(c -> filter.includesColumn(db, name, c)).keyName();
        return new SourceTable(db, name, create, columns, collations, tableCollation, rules, identity);
    }

    private SourceObject view(String db, String name) throws SQLException {
        String[] r = row("SHOW CREATE VIEW " + Sql.id(db, name), 4);
        return new SourceObject(ObjectKind.VIEW, db, name, r[1], null, r[2], r[3], null, null);
    }

    private SourceObject routine(String db, String name, ObjectKind kind) throws SQLException {
        String[] r = row("SHOW CREATE " + kind.name() + " " + Sql.id(db, name), 5);
        if (r[2] == null) {
            throw new SQLException("SHOW CREATE " + kind.name() + " " + db + "." + name + " returned no text: the "
                    + "source account lacks the privilege to read routine bodies; grant it SHOW_ROUTINE (MySQL 8.0.20+) "
                    + "or SELECT on mysql.proc / mysql.* (5.7, MariaDB)");
        }
        return new SourceObject(kind, db, name, r[2], r[1], r[3], r[4], null, null);
    }

    private SourceObject trigger(String db, String name, String table) throws SQLException {
        String[] r = row("SHOW CREATE TRIGGER " + Sql.id(db, name), 5);
        return new SourceObject(ObjectKind.TRIGGER, db, name, r[2], r[1], r[3], r[4], table, null);
    }

    private SourceObject event(String db, String name) throws SQLException {
        String[] r = row("SHOW CREATE EVENT " + Sql.id(db, name), 6);
        return new SourceObject(ObjectKind.EVENT, db, name, r[3], r[1], r[4], r[5], null, r[2]);
    }

    private String single(String sql, int column) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned no row");
            }
            return rs.getString(column);
        }
    }

    private String[] row(String sql, int columns) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned no row");
            }
            String[] out = new String[columns];
            for (int i = 0; i < columns; i++) {
                out[i] = rs.getString(i + 1);
            }
            return out;
        }
    }

    private List<String[]> rows(String sql, String... params) throws SQLException {
        return Queries.rows(conn, sql, params);
    }
}
