package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.SourceColumns;
import dev.sluice.db.Sql;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.OnlineDdlTables;
import dev.sluice.task.TaskOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The DDL of online schema change tools on the source (gh-ost, pt-online-schema-change; TiDB DM's online-ddl):
 * the tools copy a table into a shadow table they ALTER, then swap it in by RENAME TABLE. Replayed as-is, that
 * would copy the table a second time on the destination. Instead the shadow's CREATE and ALTERs are recorded
 * ({@link OnlineDdlLog}) and not run (its rows are not selected either), and the RENAME that swaps the shadow in
 * becomes the recorded ALTERs run on the original destination table, through the usual rewrite and
 * {@link DdlBarrier}: the destination table is changed in place, once, and replication continues. Moving the
 * original away to the tool's old-table name and dropping the tools' tables are skipped (ADR 0090).
 */
final class OnlineSchemaChanges {
    private static final Logger LOG = Logger.getLogger(OnlineSchemaChanges.class.getName());

    /** What to do with a DDL: as usual, nothing (already handled here), or run {@code replacement} instead. */
    enum Action {
        PASS, SKIP, REPLACE
    }

    /**
     * {@code shadow}: the shadow table ({@code db.table}) to forget once the replacement ran; {@code touched}: for a
     * skipped swap, the source table whose columns must be read again.
     */
    record Outcome(Action action, DdlStatement replacement, String shadow, List<String[]> touched) {
        static final Outcome PASS = new Outcome(Action.PASS, null, null, List.of());
        static final Outcome SKIP = new Outcome(Action.SKIP, null, null, List.of());
    }

    private final ObjectFilter filter;
    private final NameMapping mapping;
    private final OnlineDdlLog log;
    private final Connection source;
    private final Connection control;
    private final ReplicationProgress progress;

    OnlineSchemaChanges(ObjectFilter filter, NameMapping mapping, OnlineDdlLog log, Connection source,
                        Connection control, ReplicationProgress progress) {
        this.filter = filter;
        this.mapping = mapping;
        this.log = log;
        this.source = source;
        this.control = control;
        this.progress = progress;
    }

    /** Decides what happens to {@code ddl}, read at {@code at}; records what it says about shadow tables. */
    Outcome handle(DdlStatement ddl, BinlogCoordinate at) throws SQLException {
        if (filter.onlineDdl().mode() == TaskOptions.OnlineDdl.OFF || ddl.objects().isEmpty()) {
            return Outcome.PASS;
        }
        DdlStatement.Name first = ddl.objects().get(0);
        switch (ddl.kind()) {
            case CREATE_TABLE -> {
                Optional<OnlineDdlTables.ToolTable> t = tool(first);
                if (t.isEmpty()) {
                    return Outcome.PASS;
                }
                if (t.get().role() == OnlineDdlTables.Role.SHADOW) {
                    log.created(key(first), at);
                }
                return Outcome.SKIP;
            }
            case ALTER_TABLE -> {
                if (!ddl.references().isEmpty()) { // ALTER TABLE a RENAME b (gh-ost's two-step cut-over)
                    return renames(List.of(first), ddl.references(), at);
                }
                Optional<OnlineDdlTables.ToolTable> t = tool(first);
                if (t.isEmpty()) {
                    return Outcome.PASS;
                }
                if (t.get().role() == OnlineDdlTables.Role.SHADOW && !ddl.tail().isEmpty()) {
                    log.altered(key(first), at, ddl.tail());
                }
                return Outcome.SKIP;
            }
            case DROP_TABLE -> {
                boolean allTools = true;
                for (DdlStatement.Name n : ddl.objects()) {
                    Optional<OnlineDdlTables.ToolTable> t = tool(n);
                    if (t.isPresent() && t.get().role() == OnlineDdlTables.Role.SHADOW) {
                        log.forget(key(n)); // the tool gave up; its next run creates the shadow again
                    }
                    allTools &= t.isPresent();
                }
                return allTools ? Outcome.SKIP : Outcome.PASS;
            }
            case RENAME_TABLE -> {
                return renames(ddl.objects(), ddl.references(), at);
            }
            default -> {
                return Outcome.PASS;
            }
        }
    }

    /** The shadow's ALTERs ran on the destination (the barrier recorded it): its records are not needed any more. */
    void applied(Outcome o) throws SQLException {
        if (o.shadow() != null) {
            log.forget(o.shadow());
        }
    }

    private Outcome renames(List<DdlStatement.Name> from, List<DdlStatement.Name> to, BinlogCoordinate at)
            throws SQLException {
        List<Integer> swaps = new ArrayList<>();
        boolean anyTool = false;
        List<String> unsupported = new ArrayList<>();
        for (int i = 0; i < from.size() && i < to.size(); i++) {
            DdlStatement.Name f = from.get(i);
            DdlStatement.Name t = to.get(i);
            Optional<OnlineDdlTables.ToolTable> ft = tool(f);
            Optional<OnlineDdlTables.ToolTable> tt = tool(t);
            boolean selected = selected(f) || selected(t);
            if (ft.isEmpty() && tt.isEmpty()) {
                if (selected) {
                    unsupported.add(key(f) + " TO " + key(t));
                }
                continue;
            }
            anyTool = true;
            if (ft.isPresent() && ft.get().role() == OnlineDdlTables.Role.SHADOW && tt.isEmpty()) {
                swaps.add(i);
            } else if (ft.isPresent() && tt.isEmpty() && selected(t)) {
                unsupported.add(key(f) + " TO " + key(t) + " (a " + ft.get().describe() + " moved back)");
            }
            // an original moved to the tool's old-table name stays on the destination until the swap-in
        }
        if (!anyTool) {
            return Outcome.PASS;
        }
        if (!unsupported.isEmpty() || swaps.size() > 1) {
            throw new DdlFailedException("a RENAME TABLE at " + at.file() + ":" + at.position() + " moves tables of "
                    + "an online schema change tool together with " + (swaps.size() > 1 ? "other swaps"
                    : String.join(", ", unsupported)) + "; Sluice applies only a tool's own swap of one table. "
                    + "Apply the equivalent change to the destination by hand, then resume the task (or set "
                    + "options.online_ddl: off to replay such renames as they are)", null);
        }
        if (swaps.isEmpty()) {
            return Outcome.SKIP; // the original moved away: the destination keeps it until the swap-in
        }
        DdlStatement.Name shadow = from.get(swaps.get(0));
        DdlStatement.Name table = to.get(swaps.get(0));
        if (!selected(table)) {
            log.forget(key(shadow));
            return Outcome.SKIP;
        }
        Optional<OnlineDdlLog.Shadow> seen = log.shadow(key(shadow));
        if (seen.isEmpty()) {
            return unseen(shadow, table, at);
        }
        if (seen.get().alters().isEmpty()) {
            log.forget(key(shadow)); // a rebuild without ALTER: nothing changes on the destination
            return Outcome.SKIP;
        }
        String alter = "ALTER TABLE " + Sql.id(table.db(), table.name()) + " "
                + String.join(", ", seen.get().alters());
        LOG.info(() -> "online schema change of " + key(table) + " swapped in at " + at.file() + ":"
                + at.position() + ": " + alter);
        return new Outcome(Action.REPLACE, DdlStatement.parse(alter, table.db()), key(shadow), List.of());
    }

    /**
     * A swap of a shadow whose CREATE and ALTER happened before replication started (the tool ran when the task
     * started): the change is not known. The task goes on when the destination table already has the columns of
     * the source table, else it stops and says what to do.
     */
    private Outcome unseen(DdlStatement.Name shadow, DdlStatement.Name table, BinlogCoordinate at)
            throws SQLException {
        String db = table.db();
        String name = table.name();
        List<String> expected = new ArrayList<>();
        for (String c : columns(source, db, name)) {
            if (filter.includesColumn(db, name, c)) {
                expected.add(mapping.column(db, name, c));
            }
        }
        String dstDb = mapping.database(db);
        String dstTable = mapping.table(db, name);
        List<String> actual = columns(control, dstDb, dstTable);
        control.commit();
        String what = "the online schema change tool swapped " + key(shadow) + " in as " + key(table) + " at "
                + at.file() + ":" + at.position() + ", but its ALTER ran before this task's replication started, so "
                + "Sluice does not know it";
        if (expected.equals(actual)) {
            String note = what + "; the destination table " + dstDb + "." + dstTable + " has the source table's "
                    + "columns, so replication goes on (indexes, types and table options were not compared)";
            LOG.warning(note);
            progress.note(note);
            return new Outcome(Action.SKIP, null, null, List.<String[]>of(new String[] {db, name}));
        }
        throw new DdlFailedException(what + ". The destination table " + Sql.id(dstDb, dstTable) + " has columns "
                + actual + ", the source table now has " + expected + ". Run the same ALTER on the destination "
                + "table by hand (SHOW CREATE TABLE " + Sql.id(db, name) + " on the source shows the result), then "
                + "resume the task", null);
    }

    /** Column names of {@code db.table} in order (the same information_schema read as the schema history's). */
    private static List<String> columns(Connection c, String db, String table) throws SQLException {
        return SourceColumns.read(c, (d, t) -> true, db, table).getOrDefault(db + "." + table, List.of()).stream()
                .map(SourceColumns.Column::name).toList();
    }

    private Optional<OnlineDdlTables.ToolTable> tool(DdlStatement.Name n) {
        return n.db() == null ? Optional.empty() : filter.toolTable(n.db(), n.name());
    }

    private boolean selected(DdlStatement.Name n) {
        return n.db() != null && filter.includesTable(n.db(), n.name());
    }

    private static String key(DdlStatement.Name n) {
        return n.db() + "." + n.name();
    }
}
