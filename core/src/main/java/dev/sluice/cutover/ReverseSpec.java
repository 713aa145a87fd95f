package dev.sluice.cutover;

import dev.sluice.db.BinlogPosition;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reverse task of a cutover (Vitess {@code ReverseTraffic}): destination → source, incremental only, the same
 * tables with the name mapping inverted. The forward selection (wildcards included) is resolved on the source into
 * its concrete tables, and each is selected by its destination name. A forward task that cannot be inverted is
 * refused with the reason: two source tables (or columns) mapped to one destination name, or a table copied with
 * only some of its columns (a row inserted on the destination would reach the source without the others). Row
 * filters are not carried back: every change made on the destination is replicated to the source.
 */
public final class ReverseSpec {
    private static final Set<String> SYSTEM = Set.of("mysql", "sys", "information_schema", "performance_schema",
            "sluice_meta");
    private static final int MAX_NAME = 48;

    private ReverseSpec() {
    }

    /** The forward task's selected base tables on the source, as {@code db -> tables}. */
    public static Map<String, List<String>> selectedTables(Connection source, TaskSpec forward) throws SQLException {
        ObjectFilter filter = forward.filter();
        Map<String, List<String>> out = new TreeMap<>();
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, "
                + "TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                + "ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                String db = rs.getString(1);
                String table = rs.getString(2);
                if (!SYSTEM.contains(db.toLowerCase(java.util.Locale.ROOT)) && filter.includesTable(db, table)) {
                    out.computeIfAbsent(db, k -> new ArrayList<>()).add(table);
                }
            }
        }
        return out;
    }

    /**
     * The reverse task for {@code forward}, whose selection resolved to {@code tables} on the source, starting at
     * {@code from} on the destination (null while only checking that it can be built).
     *
     * @throws IllegalStateException when the forward task cannot be inverted, with the reason and what to do
     */
    public static TaskSpec of(TaskSpec forward, Map<String, List<String>> tables, BinlogPosition from) {
        if (tables.isEmpty()) {
            throw new IllegalStateException("cutover --reverse: task " + forward.name() + " selects no table on the "
                    + "source, so there is nothing to replicate back");
        }
        NameMapping m = forward.mappingOrNone();
        ObjectFilter filter = forward.filter();
        Map<String, String> targets = new LinkedHashMap<>();     // "dstDb.dstTable" -> "srcDb.srcTable"
        Map<String, List<String>> reverseTables = new TreeMap<>();
        Map<String, String> tableNames = new TreeMap<>();
        Map<String, String> columns = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(tables).entrySet()) {
            String db = e.getKey();
            String dstDb = m.database(db);
            for (String table : e.getValue()) {
                String dstTable = m.table(db, table);
                String source = db + "." + table;
                String target = dstDb + "." + dstTable;
                String other = targets.putIfAbsent(target, source);
                if (other != null) {
                    throw refused(forward, "the source tables " + other + " and " + source + " are both mapped to "
                            + target + "; a change on " + target + " cannot be sent back to one of them",
                            "map them to different destination tables, or migrate them in separate tasks");
                }
                if (!filter.columns(db, table).isEmpty()) {
                    throw refused(forward, source + " is copied with only the columns " + filter.columns(db, table)
                            + "; a row the application inserts on " + target + " would reach the source "
                            + "without its other columns", "select every column of the table");
                }
                reverseTables.computeIfAbsent(dstDb, k -> new ArrayList<>()).add(dstTable);
                if (!dstTable.equals(table)) {
                    tableNames.put(target, table);
                }
                columns.putAll(invertColumns(forward, m, db, table, target));
            }
        }
        Map<String, String> dbMapping = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(tables).entrySet()) {
            String dstDb = m.database(e.getKey());
            String prior = dbMapping.putIfAbsent(dstDb, e.getKey());
            if (prior != null && !prior.equals(e.getKey())) {
                throw refused(forward, "the source databases " + prior + " and " + e.getKey() + " are both mapped "
                        + "to " + dstDb + "; the reverse task could not tell which one a change of " + dstDb
                        + " goes back to (a mapping renames whole databases)", "map them to different destination "
                        + "databases");
            }
        }
        dbMapping.entrySet().removeIf(x -> x.getKey().equals(x.getValue()));
        List<ObjectSelection> objects = new ArrayList<>();
        reverseTables.forEach((db, list) -> objects.add(new ObjectSelection(db, List.copyOf(list), null, null)));
        TaskOptions fo = forward.optionsOrDefaults();
        TaskOptions.IncrementalOptions fi = fo.incrementalOrDefault();
        boolean gtid = from != null && from.gtidSet() != null;
        TaskOptions.IncrementalOptions start = new TaskOptions.IncrementalOptions(gtid ? from.gtidSet() : null,
                from == null || gtid ? null : from.file(), from == null || gtid ? null : from.position(), null,
                fi.heartbeat(), fi.sliceSeconds(), null);
        return new TaskSpec(name(forward.name()), forward.destination(), forward.source(),
                Set.of(MigrationType.INCREMENTAL), objects, new NameMapping(dbMapping, tableNames, columns),
                forward.throttle(), new TaskOptions(null, null, null, null, start, null, fo.retry()));
    }

    /** {@code db.table.column} of the destination → the source column, for one table's mapped columns. */
    private static Map<String, String> invertColumns(TaskSpec forward, NameMapping m, String db, String table,
                                                     String target) {
        Map<String, String> out = new TreeMap<>();
        if (m.columns() == null) {
            return out;
        }
        String prefix = db + "." + table + ".";
        for (Map.Entry<String, String> c : m.columns().entrySet()) {
            if (c.getKey().startsWith(prefix) && !c.getValue().equals(c.getKey().substring(prefix.length()))) {
                String key = target + "." + c.getValue();
                String prior = out.putIfAbsent(key, c.getKey().substring(prefix.length()));
                if (prior != null) {
                    throw refused(forward, "two columns of " + db + "." + table + " are mapped to " + key,
                            "map them to different names");
                }
            }
        }
        return out;
    }

    private static String name(String forward) {
        String base = forward.length() > MAX_NAME - 8 ? forward.substring(0, MAX_NAME - 8) : forward;
        return base + "-reverse";
    }

    private static IllegalStateException refused(TaskSpec forward, String why, String fix) {
        return new IllegalStateException("cutover --reverse refused for task " + forward.name() + ": the name "
                + "mapping cannot be inverted: " + why + "; " + fix + ", or cut over without --reverse. Nothing "
                + "was changed.");
    }
}
