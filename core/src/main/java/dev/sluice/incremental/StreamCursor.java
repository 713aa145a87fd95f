package dev.sluice.incremental;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import dev.sluice.binlog.BinlogCoordinate;

/**
 * Where the replicator is in the binlog stream: the current file, the start of the transaction being read (or the
 * boundary after the last complete one), the row index inside it, its GTID and timestamp, and the source GTID set
 * executed up to the boundary (GTID mode only).
 */
final class StreamCursor {
    private String file;
    private final boolean gtidMode;
    private final GtidSet gtids;
    private String txnGtid;
    private boolean inTxn;
    private BinlogCoordinate txnStart;
    private long rowIndex;
    private long txnTimestamp;
    private long lastEventTime;

    /** A cursor at {@code file:position}; with {@code gtidSet} (not null) GTIDs are tracked from that set. */
    StreamCursor(String file, long position, String gtidSet, boolean mariaDb) {
        this.file = file == null ? "" : file;
        this.gtidMode = gtidSet != null;
        this.gtids = !gtidMode ? null : mariaDb ? new MariadbGtidSet(gtidSet) : new GtidSet(gtidSet);
        this.txnStart = new BinlogCoordinate(this.file, position, 0);
    }

    String file() {
        return file;
    }

    boolean inTxn() {
        return inTxn;
    }

    boolean gtidMode() {
        return gtidMode;
    }

    BinlogCoordinate txnStart() {
        return txnStart;
    }

    long rowIndex() {
        return rowIndex;
    }

    long txnTimestamp() {
        return txnTimestamp;
    }

    /** The timestamp (ms) of the last event with one. */
    long lastEventTime() {
        return lastEventTime;
    }

    void eventTime(long timestamp) {
        if (timestamp > 0) {
            lastEventTime = timestamp;
        }
    }

    void rotate(String newFile, long position) {
        file = newFile;
        if (!inTxn) {
            txnStart = new BinlogCoordinate(file, position, 0);
        }
    }

    void begin(EventHeaderV4 h, String gtid) {
        inTxn = true;
        txnGtid = gtid;
        txnStart = new BinlogCoordinate(file, h.getPosition(), 0);
        txnTimestamp = h.getTimestamp();
        rowIndex = 0;
    }

    /** Ends the transaction: its GTID joins the executed set and the boundary moves to {@code nextPosition}. */
    void end(long nextPosition) {
        takeGtid();
        inTxn = false;
        rowIndex = 0;
        txnStart = new BinlogCoordinate(file, nextPosition, 0);
    }

    /** Adds the open transaction's GTID to the executed set now (a DDL counts before its transaction ends). */
    void takeGtid() {
        if (gtidMode && txnGtid != null) {
            gtids.add(txnGtid);
        }
        txnGtid = null;
    }

    void skipRows(long count) {
        rowIndex += count;
    }

    /** The coordinate of the next row of the transaction. */
    BinlogCoordinate rowAt() {
        return new BinlogCoordinate(txnStart.file(), txnStart.position(), rowIndex);
    }

    /** The coordinate after the last complete transaction read. */
    BinlogCoordinate boundary() {
        return new BinlogCoordinate(txnStart.file(), txnStart.position(), 0);
    }

    /** The executed GTID set as text, or null without GTIDs. */
    String gtidText() {
        return gtidMode ? gtids.toString() : null;
    }

    /** The timestamp of the open transaction, else of the last event. */
    long batchEventTime() {
        return inTxn ? txnTimestamp : lastEventTime;
    }

    /**
     * True when the last event read is recent (the reader is at the head of the binlog): then a batch is handed
     * over as soon as the workers are idle, for low delay.
     */
    boolean isFresh() {
        return System.currentTimeMillis() - lastEventTime < 2000;
    }
}
