package dev.sluice.precheck.checks;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Collects missing privileges per scope ({@code *.*}, {@code `db`.*}) and renders them as GRANT statements. */
final class MissingGrants {
    private final Map<String, Set<String>> byScope = new LinkedHashMap<>();

    void add(String scope, String privilege) {
        byScope.computeIfAbsent(scope, k -> new LinkedHashSet<>()).add(privilege);
    }

    boolean isEmpty() {
        return byScope.isEmpty();
    }

    /** e.g. "SELECT, SHOW VIEW on `app`.*; REPLICATION SLAVE on *.*". */
    String describe() {
        return byScope.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " on " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /** One GRANT statement per scope. */
    String grants(String account) {
        return byScope.entrySet().stream()
                .map(e -> "GRANT " + String.join(", ", e.getValue()) + " ON " + e.getKey() + " TO " + account + ";")
                .collect(Collectors.joining(" "));
    }
}
