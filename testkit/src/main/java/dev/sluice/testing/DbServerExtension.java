package dev.sluice.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts real database servers for a test class and always shuts them down after the
 * class (also when tests fail). Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DbServerExtension servers = DbServerExtension.create();
 * static DbServer source;
 *
 * @BeforeAll
 * static void startServers() {
 *     source = servers.start(Flavor.MYSQL_80);
 * }
 * }</pre>
 */
public final class DbServerExtension implements AfterAllCallback {
    private final List<DbServer> servers = Collections.synchronizedList(new ArrayList<>());

    private DbServerExtension() {
    }

    public static DbServerExtension create() {
        return new DbServerExtension();
    }

    /** Starts a server of the flavor with the harness defaults; it lives until the end of the test class. */
    public DbServer start(Flavor flavor) {
        return start(flavor, ServerOptions.defaults());
    }

    /** Starts a server with extra/overriding options; it lives until the end of the test class. */
    public DbServer start(Flavor flavor, ServerOptions options) {
        DbServer server = DbServer.start(flavor, options);
        servers.add(server);
        return server;
    }

    /** Servers started through this extension and not yet closed, oldest first. */
    public List<DbServer> servers() {
        synchronized (servers) {
            return List.copyOf(servers);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll();
    }

    /** Closes every server started through this extension (newest first); rethrows the first failure at the end. */
    public void closeAll() {
        List<DbServer> toClose;
        synchronized (servers) {
            toClose = new ArrayList<>(servers);
            servers.clear();
        }
        Collections.reverse(toClose);
        RuntimeException failure = null;
        for (DbServer server : toClose) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
