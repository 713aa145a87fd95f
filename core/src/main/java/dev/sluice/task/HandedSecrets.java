package dev.sluice.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The {@code env:}/{@code file:} passwords a 'sluice serve' process holds in memory for the tasks it runs: the CLI
 * that starts or resumes a task resolves them in its own shell and hands them over (the task API's
 * {@code POST /api/secrets}); serve never reads its own environment or files for them, except for references
 * {@code --allow-secret-ref} lets it resolve. Values are kept per account and reference ({@code user@host:port}
 * + reference): two tasks may use the same {@code env:} name for different servers. Nothing here is ever written
 * to the state table, logs or status; a restarted serve holds nothing until a CLI hands the values again
 * ({@code sluice resume}).
 */
public final class HandedSecrets {
    private static volatile HandedSecrets installed;

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Predicate<String> resolveHere;

    /** {@code resolveHere}: the references this process may resolve itself when no value was handed over. */
    public HandedSecrets(Predicate<String> resolveHere) {
        this.resolveHere = resolveHere;
    }

    /** Makes {@link SecretRef#passwordOf(EndpointSpec)} of this process take env:/file: passwords from {@code h}. */
    public static void install(HandedSecrets h) {
        installed = h;
    }

    /** The installed holder ('sluice serve'), or null: references are resolved in this process. */
    public static HandedSecrets installed() {
        return installed;
    }

    /** Holds {@code password} for {@code endpoint}'s account and password reference (a newer value replaces it). */
    public void put(EndpointSpec endpoint, String password) {
        if (!SecretRef.isLocal(endpoint.password())) {
            throw new IllegalArgumentException("only env: and file: password references are handed over, not '"
                    + endpoint.password() + "'");
        }
        values.put(key(endpoint), password);
    }

    /** The password handed over for {@code endpoint}; an error naming the reference and what to do if none was. */
    public String password(EndpointSpec endpoint) {
        String v = values.get(key(endpoint));
        if (v != null) {
            return v;
        }
        String ref = endpoint.password();
        if (resolveHere.test(ref)) {
            return SecretRef.resolve(ref);
        }
        throw new IllegalStateException("password " + ref + " of " + endpoint.user() + "@" + endpoint.address()
                + ": this 'sluice serve' process holds no value for it (serve does not resolve env: or file: "
                + "references itself; the CLI that starts or resumes a task hands them over, and a restarted serve "
                + "has none); run 'sluice resume <task id>' from a shell where " + what(ref));
    }

    int size() {
        return values.size();
    }

    private static String what(String ref) {
        return ref.startsWith("env:") ? "the environment variable " + ref.substring(4) + " is set"
                : "the file " + ref.substring(5) + " can be read";
    }

    private static String key(EndpointSpec e) {
        return e.user() + "@" + e.address() + " " + e.password();
    }
}
