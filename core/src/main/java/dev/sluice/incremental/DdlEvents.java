package dev.sluice.incremental;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import java.sql.Connection;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * A QUERY event that is neither BEGIN nor COMMIT: a DDL of a selected object is rewritten for the destination
 * (names mapped) and run through the {@link DdlBarrier} once every batch before it is applied; a row change
 * logged as a statement (binlog_format is not ROW) stops the task; anything else is skipped.
 */
final class DdlEvents {
    /** Hands over the batch ending at a coordinate and waits until every batch is applied. */
    interface Drain {
        void flushAndWait(BinlogCoordinate at) throws InterruptedException;
    }

    private final DdlBarrier barrier;
    private final ObjectFilter filter;
    private final NameMapping mapping;
    private final ReplicationProgress progress;
    private final RowDecoder decoder;
    private final SchemaHistory history;
    private final Connection source;
    private final BiPredicate<String, String> selected;
    private final OnlineSchemaChanges online;

    /** {@code history}: null when the events carry full row metadata. */
    DdlEvents(DdlBarrier barrier, ObjectFilter filter, NameMapping mapping, ReplicationProgress progress,
              RowDecoder decoder, SchemaHistory history, Connection source, BiPredicate<String, String> selected,
              OnlineSchemaChanges online) {
        this.barrier = barrier;
        this.filter = filter;
        this.mapping = mapping;
        this.progress = progress;
        this.decoder = decoder;
        this.history = history;
        this.source = source;
        this.selected = selected;
        this.online = online;
    }

    void apply(QueryEventData q, EventHeaderV4 h, StreamCursor cursor, int workers, Drain drain) throws Exception {
        String sql = q.getSql();
        DdlStatement ddl = DdlStatement.parse(sql, q.getDatabase());
        BinlogCoordinate at = cursor.boundary();
        BinlogCoordinate after = new BinlogCoordinate(cursor.file(), h.getNextPosition(), 0);
        OnlineSchemaChanges.Outcome osc = online.handle(ddl, new BinlogCoordinate(cursor.file(), h.getPosition(), 0));
        if (osc.action() == OnlineSchemaChanges.Action.SKIP) {
            progress.ddlSkipped();
            if (!osc.touched().isEmpty()) {
                decoder.invalidate();
                if (history != null) {
                    history.afterDdl(source, after, sql, osc.touched(), selected);
                }
            }
            return;
        }
        if (osc.action() == OnlineSchemaChanges.Action.REPLACE) {
            ddl = osc.replacement(); // a tool's swap: the shadow's ALTERs on the original table
        }
        if (ddl.kind() == DdlStatement.Kind.OTHER) {
            String head = sql.stripLeading().toUpperCase(Locale.ROOT);
            if ((head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE")
                    || head.startsWith("REPLACE")) && q.getDatabase() != null && filter.includesDatabase(q.getDatabase())) {
                throw new IllegalStateException("the source logged a row change as a statement at " + cursor.file()
                        + ":" + h.getPosition() + " (binlog_format is not ROW); set binlog_format=ROW on the source "
                        + "and restart the task from a full copy");
            }
            return;
        }
        boolean meta = ddl.objects().stream().anyMatch(n -> CheckpointStore.SCHEMA.equals(n.db()));
        if (meta || !ddl.isSelected(filter)) {
            progress.ddlSkipped();
            return;
        }
        drain.flushAndWait(at);
        String rewritten;
        try {
            rewritten = ddl.rewrite(mapping, filter);
        } catch (IllegalStateException e) {
            throw new DdlFailedException("DDL at " + cursor.file() + ":" + h.getPosition() + " cannot be applied: "
                    + sql + " — " + e.getMessage(), e);
        }
        String gtidBefore = cursor.gtidText();
        cursor.takeGtid();
        String gtidAfter = cursor.gtidText();
        barrier.apply(ddl, rewritten, cursor.file() + ":" + h.getPosition(),
                new DdlBarrier.Position(at, gtidBefore, after, gtidAfter, cursor.txnTimestamp()), workers);
        progress.applied(after, gtidAfter, cursor.txnTimestamp());
        online.applied(osc);
        decoder.invalidate();
        if (history != null) {
            history.afterDdl(source, after, ddl.sql(), ddl.touchedTables(), selected);
        }
        progress.ddlApplied(ddl.touchedTables());
    }
}
