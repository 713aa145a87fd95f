package dev.sluice.testing;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Unique, lower-case, identifier-safe names for databases, tables and users created by tests. */
public final class TestNames {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String JVM_TAG = Long.toString(ProcessHandle.current().pid() % 46_656, 36); // <= 3 chars

    private TestNames() {
    }

    /**
     * {@code prefix} (lower-cased, non [a-z0-9_] replaced by '_', cut to 40 chars) plus '_' and a suffix unique in
     * this JVM and very likely across JVMs, e.g. {@code unique("Orders")} → {@code orders_k3f_7}. At most 52 chars,
     * so it fits MySQL's 64-character identifier limit and 32-character user names when prefix is short.
     */
    public static String unique(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty()) {
            clean = "t";
        }
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        return clean + "_" + JVM_TAG + "_" + Long.toString(COUNTER.incrementAndGet(), 36);
    }
}
