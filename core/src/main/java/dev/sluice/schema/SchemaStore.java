package dev.sluice.schema;

import dev.sluice.table.DeferredIndexes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the schema phase keeps what must survive a crash: the destination objects that existed before Sluice
 * first created anything (so a re-run can tell its own half-created objects from the user's) and the reports.
 */
public interface SchemaStore {
    /** Labels of the objects found on the destination before the first attempt, if a first attempt recorded them. */
    Optional<Set<String>> preexisting();

    void savePreexisting(Set<String> labels);

    /** Stores (replaces) the report of one source database. */
    void saveReport(SchemaReport report);

    Optional<SchemaReport> report(String sourceDatabase);

    /** Stores (replaces) the secondary indexes deferred per table; a store that does not keep them ignores it. */
    default void saveDeferredIndexes(List<DeferredIndexes> tables) {
    }

    /** Stores (replaces) the unique-key ALTERs replication runs after the replay window; ignored by default. */
    default void saveUniqueKeysAfterReplay(List<String> statements) {
    }

    /** A store in memory, for tests and dry runs. */
    static SchemaStore inMemory() {
        return new SchemaStore() {
            private Set<String> pre;
            private final java.util.Map<String, SchemaReport> reports = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public Optional<Set<String>> preexisting() {
                return Optional.ofNullable(pre);
            }

            @Override
            public void savePreexisting(Set<String> labels) {
                pre = Set.copyOf(labels);
            }

            @Override
            public void saveReport(SchemaReport report) {
                reports.put(report.database(), report);
            }

            @Override
            public Optional<SchemaReport> report(String sourceDatabase) {
                return Optional.ofNullable(reports.get(sourceDatabase));
            }
        };
    }
}
