package dev.sluice.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.SecretRef;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams the source's binlog from a start position into a bounded queue, on its own thread, so decoding keeps
 * going while rows are applied and a slow destination pushes back on the reader instead of filling memory. Uses
 * the deserializer's fast modes (temporal values as longs, text as bytes), parses each table's TABLE_MAP once
 * ({@link CachingEventDeserializer}) and skips the bodies of event types the replicator never reads. A server error (such as
 * 1236, a purged binlog) ends the stream and is kept for
 * {@link #failure()}; so is a stream that stays silent (no event, no heartbeat, while the reader is not waiting for
 * the applier) for longer than the source's read timeout: a frozen source or a connection the network dropped.
 */
public final class BinlogReader implements AutoCloseable {
    private final BinaryLogClient client;
    private final BlockingQueue<Event> queue;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastEventNanos = System.nanoTime();
    /** Last sign of life: an event, or waiting for the applier (back pressure is not silence). */
    private volatile long lastAliveNanos = System.nanoTime();
    private final long silenceNanos;
    private final String address;

    public BinlogReader(EndpointSpec source, long serverId, int queueEvents, long heartbeatMillis) {
        this(source, serverId, queueEvents, heartbeatMillis, replicationDeserializer());
    }

    /** A reader with its own deserializer (e.g. one that skips row bodies, for scans that only need headers). */
    BinlogReader(EndpointSpec source, long serverId, int queueEvents, long heartbeatMillis, EventDeserializer d) {
        client = new BinaryLogClient(source.host(), source.portOrDefault(), source.user(),
                SecretRef.passwordOf(source));
        client.setServerId(serverId);
        client.setKeepAlive(false);
        client.setHeartbeatInterval(heartbeatMillis);
        client.setConnectTimeout(source.connectTimeoutSecondsOrDefault() * 1000L);
        address = source.address();
        silenceNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(source.readTimeoutSecondsOrDefault() * 1000L,
                5 * heartbeatMillis));
        client.setSSLMode(switch (source.tlsOrDefault()) {
            case DISABLED -> SSLMode.DISABLED;
            case PREFERRED -> SSLMode.PREFERRED;
            case REQUIRED -> SSLMode.REQUIRED;
            case VERIFY_CA -> SSLMode.VERIFY_CA;
            case VERIFY_IDENTITY -> SSLMode.VERIFY_IDENTITY;
        });
        client.setEventDeserializer(d);
        queue = new ArrayBlockingQueue<>(queueEvents);
        client.registerEventListener(ev -> {
            lastEventNanos = System.nanoTime();
            lastAliveNanos = lastEventNanos;
            try {
                while (!closing.get() && !queue.offer(ev, 200, TimeUnit.MILLISECONDS)) {
                    // the applier is behind: wait (this is the back pressure on the source stream)
                    lastAliveNanos = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                failure.compareAndSet(null, ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                failure.compareAndSet(null, ex);
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                if (!closing.get()) {
                    failure.compareAndSet(null, new IOException("the source closed the binlog stream"));
                }
            }
        });
    }

    private static EventDeserializer replicationDeserializer() {
        EventDeserializer d = new CachingEventDeserializer();
        d.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                EventDeserializer.CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        for (EventType t : new EventType[] {EventType.ROWS_QUERY, EventType.ANNOTATE_ROWS,
                EventType.PREVIOUS_GTIDS, EventType.MARIADB_GTID_LIST, EventType.BINLOG_CHECKPOINT,
                EventType.INTVAR, EventType.RAND, EventType.USER_VAR, EventType.STOP}) {
            d.setEventDataDeserializer(t, new NullEventDataDeserializer());
        }
        return d;
    }

    /** Starts at a file and position (file/position mode). */
    public void startAt(String file, long position) throws IOException {
        client.setBinlogFilename(file);
        client.setBinlogPosition(position);
        connect();
    }

    /** Starts after a GTID set (MySQL executed set, or MariaDB gtid position "domain-server-seq,..."). */
    public void startAfter(String gtidSet) throws IOException {
        client.setGtidSet(gtidSet == null ? "" : gtidSet);
        connect();
    }

    private void connect() throws IOException {
        lastAliveNanos = System.nanoTime();
        try {
            client.connect(client.getConnectTimeout() + 5000);
        } catch (java.util.concurrent.TimeoutException e) {
            Exception f = failure.get();
            if (f instanceof IOException io) {
                throw io;
            }
            throw new IOException("timed out connecting to the source's binlog stream", e);
        }
    }

    /** The next event, or null after {@code timeoutMillis} without one. */
    public Event poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public boolean isQueueEmpty() {
        return queue.isEmpty();
    }

    /** Nanotime of the last event the stream delivered (heartbeats included). */
    public long lastEventNanos() {
        return lastEventNanos;
    }

    /** Why the stream ended, if it did (or why it counts as lost: silent for longer than the read timeout). */
    public Exception failure() {
        Exception f = failure.get();
        if (f == null && !closing.get() && client.isConnected()
                && System.nanoTime() - lastAliveNanos > silenceNanos) {
            failure.compareAndSet(null, new java.net.SocketTimeoutException("no event and no heartbeat from the "
                    + "source's binlog stream " + address + " for " + TimeUnit.NANOSECONDS.toSeconds(silenceNanos)
                    + " s (read_timeout_seconds): the source does not answer or the network dropped the connection"));
            f = failure.get();
        }
        return f;
    }

    /** The MySQL error code of a server error that ended the stream (e.g. 1236), or 0. */
    public int serverErrorCode() {
        return failure.get() instanceof ServerException se ? se.getErrorCode() : 0;
    }

    @Override
    public void close() {
        closing.set(true);
        try {
            client.disconnect();
        } catch (IOException e) {
            // closing anyway
        }
        queue.clear();
    }
}
