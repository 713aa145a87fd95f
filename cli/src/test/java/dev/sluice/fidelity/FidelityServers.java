package dev.sluice.fidelity;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * The servers of the fidelity suites: one per (flavor, role) for the test JVM, shared by the matrix pairs and the
 * randomized test (8.0→8.0 and 5.7→8.0 share the 8.0 destination, the randomized test reuses the pair it runs).
 * Sources run at {@link #SOURCE_ZONE}, destinations at {@link #DESTINATION_ZONE}, so that a TIMESTAMP moved by a
 * time zone shows. Every run uses databases of its own ({@code TestNames.unique}) and task ids of its own; nothing
 * changes server-wide state. The harness removes them when the JVM ends (like {@code SharedServers}).
 */
final class FidelityServers {
    static final String SOURCE_ZONE = "-08:00";
    static final String DESTINATION_ZONE = "+05:45";
    private static final Map<String, DbServer> SERVERS = new HashMap<>();

    private FidelityServers() {
    }

    static DbServer source(Flavor flavor) {
        return get(flavor, SOURCE_ZONE);
    }

    static DbServer destination(Flavor flavor) {
        return get(flavor, DESTINATION_ZONE);
    }

    private static synchronized DbServer get(Flavor flavor, String zone) {
        String key = flavor + " " + zone;
        DbServer s = SERVERS.get(key);
        if (s == null) {
            s = DbServer.start(flavor, ServerOptions.of("default-time-zone", zone));
            SERVERS.put(key, s);
        } else if (!s.isRunning()) {
            s.restart();
        }
        return s;
    }
}
