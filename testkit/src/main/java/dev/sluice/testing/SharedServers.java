package dev.sluice.testing;

import java.util.EnumMap;
import java.util.Map;

/**
 * One server per flavor with the harness defaults, shared by all test classes of the JVM (much faster suites)
 * and removed at JVM exit. Tests using it must create their own databases ({@link DbServer#createDatabase},
 * {@link TestNames#unique}) and users, and must not change global state (variables, read_only, stop/kill):
 * start a private server through {@link DbServerExtension} for that.
 */
public final class SharedServers {
    private static final Map<Flavor, DbServer> SERVERS = new EnumMap<>(Flavor.class);

    private SharedServers() {
    }

    /** The shared server of the flavor, started on first use (or restarted if a test stopped it). */
    public static synchronized DbServer get(Flavor flavor) {
        DbServer server = SERVERS.get(flavor);
        if (server == null) {
            server = DbServer.start(flavor, ServerOptions.defaults());
            SERVERS.put(flavor, server);
        } else if (!server.isRunning()) {
            server.restart();
        }
        return server;
    }
}
