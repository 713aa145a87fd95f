package dev.sluice.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Extra or overriding server options for one test server, e.g. {@code binlog_format=STATEMENT}; a null value
 * removes a harness default (e.g. {@code ServerOptions.without("binlog_row_metadata")}).
 *
 * <p>Names use either '_' or '-' (normalized to '-'); each becomes {@code --name=value} on the mysqld command
 * line, so any option mysqld accepts at startup is allowed. An empty string value becomes a bare {@code --name}.
 */
public final class ServerOptions {
    private static final ServerOptions NONE = new ServerOptions(Map.of());

    private final Map<String, String> values;

    private ServerOptions(Map<String, String> values) {
        this.values = values;
    }

    /** No extra options: the harness defaults for the flavor. */
    public static ServerOptions defaults() {
        return NONE;
    }

    /** Options from name/value pairs: {@code of("binlog_format", "STATEMENT", "read_only", "1")}. */
    public static ServerOptions of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("ServerOptions.of needs name/value pairs, got an odd number of arguments");
        }
        ServerOptions options = NONE;
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            options = options.with(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return options;
    }

    /** Options that drop the named harness defaults, e.g. {@code without("gtid_mode", "enforce_gtid_consistency")}. */
    public static ServerOptions without(String... names) {
        ServerOptions options = NONE;
        for (String name : names) {
            options = options.with(name, null);
        }
        return options;
    }

    /** A copy with one more option; a null value removes the harness default of that name. */
    public ServerOptions with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(normalize(name), value);
        return new ServerOptions(Collections.unmodifiableMap(copy));
    }

    /** A copy with all options of {@code other} added (other wins on equal names). */
    public ServerOptions with(ServerOptions other) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(other.values);
        return new ServerOptions(Collections.unmodifiableMap(copy));
    }

    /** Name (normalized with '-') to value (null = remove the default), in insertion order. */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    static String normalize(String name) {
        Objects.requireNonNull(name, "option name");
        String n = name.trim();
        while (n.startsWith("-")) {
            n = n.substring(1);
        }
        if (n.isEmpty()) {
            throw new IllegalArgumentException("empty server option name");
        }
        return n.replace('_', '-').toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
