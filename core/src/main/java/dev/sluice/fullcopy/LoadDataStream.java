package dev.sluice.fullcopy;

import dev.sluice.table.Column;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The rows of a streaming source result set, encoded as a LOAD DATA file (tab-separated, backslash escapes,
 * {@code \N} for NULL, raw bytes, BIT columns as unsigned decimal) for Connector/J's
 * {@code setLocalInfileInputStream}. A reader thread fetches and encodes batches of about 256 KB into a queue of
 * four while the driver sends the previous ones, so reading the source overlaps writing the destination; memory
 * stays bounded at about five batches per chunk copy.
 */
final class LoadDataStream extends InputStream {
    /** Called after each encoded batch with its row and byte counts (throttle, lease heartbeat). */
    interface BatchListener {
        void onBatch(long rows, long bytes) throws Exception;
    }

    static final int BATCH_BYTES = 256 * 1024;
    private static final byte[] END = new byte[0];
    private final ResultSet rs;
    private final Column.Kind[] kinds;
    /** Takes rows holding typed JSON out of the stream (null: the table has no JSON column). */
    private final TypedJsonRows typed;
    private final BatchListener listener;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private byte[] current;
    private int pos;
    private boolean ended;
    private long rows;
    private long bytes;
    private volatile Exception failure;

    LoadDataStream(ResultSet rs, Column.Kind[] kinds, TypedJsonRows typed, BatchListener listener) {
        this.rs = rs;
        this.kinds = kinds;
        this.typed = typed;
        this.listener = listener;
        this.reader = new Thread(this::produce, "sluice-chunk-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Rows streamed; valid after {@link #close()}. */
    long rows() {
        return rows;
    }

    /** Bytes streamed; valid after {@link #close()}. */
    long bytes() {
        return bytes;
    }

    /** The error that ended the stream early, if any (the LOAD then must be rolled back). */
    Exception failure() {
        return failure;
    }

    private void produce() {
        RowBuffer buf = new RowBuffer(BATCH_BYTES + 64 * 1024);
        try {
            boolean eof = false;
            while (!eof) {
                buf.clear();
                long batchRows = 0;
                while (buf.length < BATCH_BYTES) {
                    if (!rs.next()) {
                        eof = true;
                        break;
                    }
                    if (typed != null && typed.divert(rs)) {
                        continue;
                    }
                    encodeRow(buf);
                    batchRows++;
                }
                if (batchRows > 0) {
                    listener.onBatch(batchRows, buf.length);
                    rows += batchRows;
                    bytes += buf.length;
                    queue.put(Arrays.copyOf(buf.data, buf.length));
                }
            }
        } catch (InterruptedException e) {
            failure = e;
            return; // the consumer is gone (close): nobody waits for END
        } catch (Exception e) {
            failure = e;
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (current == null || pos >= current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while streaming chunk rows", e);
            }
            pos = 0;
            if (current == END) {
                ended = true;
                if (failure != null) {
                    throw new IOException("reading the source rows failed: " + failure.getMessage(), failure);
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Stops and joins the reader thread (it must not touch the result set once the caller closes it). */
    @Override
    public void close() {
        if (reader.isAlive()) {
            reader.interrupt();
            queue.clear();
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void encodeRow(RowBuffer buf) throws SQLException {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                buf.put((byte) '\t');
            }
            byte[] v = rs.getBytes(i + 1);
            if (v == null) {
                buf.put((byte) '\\');
                buf.put((byte) 'N');
            } else if (kinds[i] == Column.Kind.BIT) {
                buf.putAscii(new BigInteger(1, v).toString());
            } else {
                buf.putLoadDataEscaped(v);
            }
        }
        buf.put((byte) '\n');
    }
}
