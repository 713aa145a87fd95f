package dev.sluice.dynamodb;

import com.sun.net.httpserver.Filter;
import dev.sluice.dynamodb.operation.OperationDispatcher;
import dev.sluice.dynamodb.server.DynamoHttpServer;
import dev.sluice.dynamodb.storage.TableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/**
 * An embedded server that speaks the DynamoDB JSON wire protocol over HTTP, backed by an on-disk (or in-memory)
 * H2 MVStore, so the unmodified AWS SDK or CLI can use it through an endpoint override.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private static final int HTTP_THREADS = 16;

    private final TableStore store;
    private final DynamoHttpServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(TableStore store, DynamoHttpServer server, URI endpoint) {
        this.store = store;
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Starts a server. {@code dataDir} null keeps everything in memory; otherwise the directory is created if needed
     * and locked against other processes. {@code port} 0 picks a free port.
     */
    public static EmbeddedDynamoDb start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, null);
    }

    /**
     * As {@link #start(Path, String, int)}, with an HTTP filter that authenticates each request before it reaches
     * the store (it answers refused requests itself); null = no authentication (tests, a private loopback store).
     */
    public static EmbeddedDynamoDb start(Path dataDir, String host, int port, Filter authenticator) {
        TableStore store = TableStore.open(dataDir);
        try {
            DynamoHttpServer server = new DynamoHttpServer(new OperationDispatcher(store, "local"), host, port,
                    HTTP_THREADS, authenticator);
            InetSocketAddress a = server.address();
            String h = host.contains(":") ? "[" + host + "]" : host;
            return new EmbeddedDynamoDb(store, server, URI.create("http://" + h + ":" + a.getPort()));
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException("cannot start the embedded DynamoDB on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The base URI to give the SDK's {@code endpointOverride} or the CLI's {@code --endpoint-url}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            store.close();
        }
    }
}
