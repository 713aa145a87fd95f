package dev.sluice.fullcopy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rows of a streaming source result set, encoded on demand as a LOAD DATA file (tab-separated, backslash
 * escapes, {@code \N} for NULL, raw bytes, BIT columns as unsigned decimal) for Connector/J's
 * {@code setLocalInfileInputStream}. Source reading and destination writing thus run in one bounded pipeline with
 * no file and at most one buffer of rows in memory.
 */
final class LoadDataStream extends InputStream {
    /** Called after each encoded batch with its row and byte counts (throttle, lease heartbeat). */
    interface BatchListener {
        void onBatch(long rows, long bytes) throws Exception;
    }

    static final int BATCH_BYTES = 256 * 1024;
    private final ResultSet rs;
    private final ColumnInfo.Kind[] kinds;
    private final BatchListener listener;
    private final RowBuffer buf = new RowBuffer(BATCH_BYTES + 64 * 1024);
    private int pos;
    private boolean eof;
    private long rows;
    private long bytes;
    private Exception failure;

    LoadDataStream(ResultSet rs, ColumnInfo.Kind[] kinds, BatchListener listener) {
        this.rs = rs;
        this.kinds = kinds;
        this.listener = listener;
    }

    long rows() {
        return rows;
    }

    long bytes() {
        return bytes;
    }

    /** The error that ended the stream early, if any (the LOAD then must be rolled back). */
    Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= buf.length) {
            if (eof) {
                return -1;
            }
            fill();
            if (buf.length == 0) {
                return -1;
            }
        }
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(buf.data, pos, b, off, n);
        pos += n;
        return n;
    }

    private void fill() throws IOException {
        buf.clear();
        pos = 0;
        long batchRows = 0;
        try {
            while (buf.length < BATCH_BYTES) {
                if (!rs.next()) {
                    eof = true;
                    break;
                }
                encodeRow();
                batchRows++;
            }
            rows += batchRows;
            bytes += buf.length;
            if (batchRows > 0) {
                listener.onBatch(batchRows, buf.length);
            }
        } catch (Exception e) {
            failure = e;
            eof = true;
            buf.clear();
            throw new IOException("reading the source rows failed: " + e.getMessage(), e);
        }
    }

    private void encodeRow() throws SQLException {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                buf.put((byte) '\t');
            }
            byte[] v = rs.getBytes(i + 1);
            if (v == null) {
                buf.put((byte) '\\');
                buf.put((byte) 'N');
            } else if (kinds[i] == ColumnInfo.Kind.BIT) {
                buf.putAscii(new BigInteger(1, v).toString());
            } else {
                buf.putLoadDataEscaped(v);
            }
        }
        buf.put((byte) '\n');
    }
}
