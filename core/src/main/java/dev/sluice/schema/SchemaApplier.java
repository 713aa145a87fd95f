package dev.sluice.schema;

import dev.sluice.db.ParallelSessions;
import dev.sluice.db.Queries;
import dev.sluice.db.SchemaSession;
import dev.sluice.db.Sql;
import dev.sluice.failure.Failures;
import dev.sluice.schema.Step.Phase;
import dev.sluice.task.TaskOptions.ConflictPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a schema plan on the destination. Create phase: finds objects that already exist and applies the task's
 * policy (fail before creating anything / skip / drop and create), telling its own objects from an interrupted
 * earlier attempt apart from the user's through {@link SchemaStore#preexisting()}. Finish phase: adds only the
 * indexes, foreign keys and triggers that are missing, so it can run again after a crash. A table, index or
 * foreign key that fails stops the phase at once; views, routines, triggers and events that fail are all
 * collected, reported, and then fail the phase.
 */
public final class SchemaApplier {
    /** What a phase did: objects created per source database and kind, objects skipped, objects that failed. */
    public record Outcome(Map<String, Map<String, Integer>> created, Map<String, List<String>> skipped, int total) {
    }

    /** Opens another destination connection (for index builds that run in parallel). */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Connection conn;
    private final ServerProfile dst;
    private Opener opener;
    private int parallelism = 1;
    private final ConflictPolicy policy;
    private final ChangeLog log;
    private String sessionMode;
    private String sessionCollation;
    private String sessionTimeZone;
    private String sessionDb;

    public SchemaApplier(Connection conn, ServerProfile dst, ConflictPolicy policy, ChangeLog log) {
        this.conn = conn;
        this.dst = dst;
        this.policy = policy;
        this.log = log;
    }

    /**
     * Lets the finish phase build the indexes of up to {@code parallelism} tables at once, each on its own
     * connection from {@code opener} (an index build is one server thread; on a many-core destination several run
     * side by side).
     */
    public SchemaApplier parallelIndexBuilds(int parallelism, Opener opener) {
        this.parallelism = Math.max(1, parallelism);
        this.opener = opener;
        return this;
    }

    private static String key(ObjectKind kind, String db, String name) {
        String k = switch (kind) {
            case TABLE, VIEW -> "relation";
            default -> kind.label();
        };
        return k + " " + db + "." + name;
    }

    // ------------------------------------------------------------------ create

    public Outcome create(List<Step> plan, SchemaStore store) throws SQLException {
        List<Step> steps = plan.stream().filter(s -> s.phase() == Phase.CREATE).toList();
        Set<String> dbs = new TreeSet<>();
        steps.forEach(s -> dbs.add(s.database()));
        Map<String, String> existing = existingObjects(dbs); // key -> TABLE/VIEW/...
        List<String> conflicts = new ArrayList<>();
        for (Step s : steps) {
            if (s.kind() != ObjectKind.DATABASE && existing.containsKey(key(s.kind(), s.database(), s.name()))) {
                conflicts.add(key(s.kind(), s.database(), s.name()));
            }
        }
        Optional<Set<String>> pre = store.preexisting();
        Set<String> users;
        if (pre.isEmpty()) {
            users = new HashSet<>(conflicts);
            store.savePreexisting(users);
        } else {
            users = new HashSet<>(pre.get());
            users.retainAll(conflicts); // the rest was created by an interrupted earlier attempt of this task
        }
        if (policy == ConflictPolicy.FAIL && !users.isEmpty()) {
            List<String> labels = conflicts.stream().filter(users::contains).map(k -> describe(k, existing)).toList();
            throw new SchemaConflictException(labels);
        }
        Map<String, Map<String, Integer>> created = new LinkedHashMap<>();
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int total = 0;
        exec("SET SESSION foreign_key_checks = 0");
        for (Step s : steps) {
            String k = key(s.kind(), s.database(), s.name());
            if (s.kind() != ObjectKind.DATABASE && existing.containsKey(k)) {
                if (users.contains(k) && policy == ConflictPolicy.SKIP) {
                    skipped.computeIfAbsent(s.sourceDatabase(), x -> new ArrayList<>()).add(describe(k, existing));
                    continue;
                }
                if (users.contains(k)) {
                    log.change(s.sourceDatabase(), describe(k, existing), "existed on the destination",
                            "dropped and created from the source", "options.existing_objects: drop-and-create");
                }
                drop(s, existing.get(k));
            }
            if (run(s, failures)) {
                created.computeIfAbsent(s.sourceDatabase(), x -> new java.util.TreeMap<>())
                        .merge(SchemaReport.kindKey(s.kind()), 1, Integer::sum);
                total++;
            }
        }
        if (!failures.isEmpty()) {
            throw new SchemaObjectsFailedException(failures, new Outcome(created, skipped, total));
        }
        return new Outcome(created, skipped, total);
    }

    private static String describe(String key, Map<String, String> existing) {
        String kind = existing.get(key);
        return key.startsWith("relation ") ? kind.toLowerCase(Locale.ROOT) + key.substring("relation".length()) : key;
    }

    /** Existing destination objects in these databases: key to kind (TABLE, VIEW, PROCEDURE, ...). */
    private Map<String, String> existingObjects(Set<String> dbs) throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (String db : dbs) {
            for (String[] r : rows("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", db)) {
                out.put("relation " + db + "." + r[0], "VIEW".equals(r[1]) ? "VIEW" : "TABLE");
            }
            for (String[] r : rows("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", db)) {
                out.put(r[1].toLowerCase(Locale.ROOT) + " " + db + "." + r[0], r[1]);
            }
            for (String[] r : rows("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", db)) {
                out.put("trigger " + db + "." + r[0], "TRIGGER");
            }
            for (String[] r : rows("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?", db)) {
                out.put("event " + db + "." + r[0], "EVENT");
            }
        }
        return out;
    }

    private void drop(Step s, String existingKind) throws SQLException {
        String what = switch (s.kind()) {
            case TABLE, VIEW -> existingKind; // a table may replace a view and the other way round
            default -> s.kind().name();
        };
        exec("DROP " + what + " IF EXISTS " + Sql.id(s.database(), s.name()));
    }

    // ------------------------------------------------------------------ finish

    /** Adds the missing secondary indexes, foreign keys and triggers; {@code skipTables} are left alone. */
    public Outcome finish(List<Step> plan, Set<String> skipTables) throws SQLException {
        List<Step> steps = plan.stream().filter(s -> s.phase() == Phase.FINISH)
                .filter(s -> !skipTables.contains(s.database() + "." + s.table())).toList();
        Set<String> dbs = new TreeSet<>();
        steps.forEach(s -> dbs.add(s.database()));
        Set<String> have = new HashSet<>();
        for (String db : dbs) {
            for (String[] r : rows("SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?", db)) {
                have.add("index " + db + "." + r[0] + "." + r[1].toLowerCase(Locale.ROOT));
            }
            for (String[] r : rows("SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
                    + "WHERE CONSTRAINT_SCHEMA = ? AND CONSTRAINT_TYPE = 'FOREIGN KEY'", db)) {
                have.add("foreign key " + db + "." + r[0] + "." + r[1].toLowerCase(Locale.ROOT));
            }
            for (String[] r : rows("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", db)) {
                have.add("trigger " + db + "." + r[0]);
            }
        }
        Map<String, Map<String, Integer>> created = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int total = 0;
        exec("SET SESSION foreign_key_checks = 0"); // data came from a consistent source: add FKs in place, unchecked
        // indexes: every missing key of a table in one ALTER TABLE (FULLTEXT/SPATIAL each on their own)
        Map<String, List<Step>> byTable = new LinkedHashMap<>();
        for (Step s : steps) {
            String k = switch (s.kind()) {
                case INDEX, FOREIGN_KEY -> s.kind().label() + " " + s.database() + "." + s.table() + "."
                        + s.name().toLowerCase(Locale.ROOT);
                default -> s.kind().label() + " " + s.database() + "." + s.name();
            };
            if (have.contains(k)) {
                continue;
            }
            if (s.kind() == ObjectKind.INDEX || s.kind() == ObjectKind.FOREIGN_KEY) {
                byTable.computeIfAbsent(s.kind() + " " + s.database() + "." + s.table(), x -> new ArrayList<>()).add(s);
            }
        }
        // secondary indexes of different tables are built in parallel; foreign keys after them, one table at a
        // time (an FK needs its parent's index, and ALTERs of a parent and a child would wait on each other)
        List<List<String>> indexBuilds = new ArrayList<>();
        List<Step> indexFirst = new ArrayList<>();
        for (List<Step> group : byTable.values()) {
            if (group.get(0).kind() == ObjectKind.INDEX) {
                indexBuilds.add(IndexSteps.statements(group));
                indexFirst.add(group.get(0));
            }
        }
        buildIndexes(indexBuilds, indexFirst);
        for (var e : byTable.entrySet()) {
            List<Step> group = e.getValue();
            Step first = group.get(0);
            if (first.kind() != ObjectKind.INDEX) {
                alter(first, group.stream().map(Step::sql).toList());
            }
            for (Step s : group) {
                created.computeIfAbsent(s.sourceDatabase(), x -> new java.util.TreeMap<>())
                        .merge(SchemaReport.kindKey(s.kind()), 1, Integer::sum);
                total++;
            }
        }
        for (Step s : steps) {
            if (s.kind() == ObjectKind.TRIGGER && !have.contains("trigger " + s.database() + "." + s.name())) {
                if (run(s, failures)) {
                    created.computeIfAbsent(s.sourceDatabase(), x -> new java.util.TreeMap<>())
                            .merge(SchemaReport.kindKey(s.kind()), 1, Integer::sum);
                    total++;
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new SchemaObjectsFailedException(failures, new Outcome(created, Map.of(), total));
        }
        return new Outcome(created, Map.of(), total);
    }

    private void alter(Step s, List<String> clauses) throws SQLException {
        String sql = IndexSteps.alter(s, clauses);
        session(null, null, null, null);
        try {
            exec(sql);
        } catch (SQLException e) {
            throw fail(s, sql, e);
        }
    }

    /** Runs each table's index ALTERs, up to {@code parallelism} tables at once; the first failure is thrown. */
    private void buildIndexes(List<List<String>> builds, List<Step> tables) throws SQLException {
        int threads = opener == null ? 1 : Math.min(parallelism, builds.size());
        if (threads <= 1) {
            session(null, null, null, null);
            for (int i = 0; i < builds.size(); i++) {
                for (String sql : builds.get(i)) {
                    try {
                        exec(sql);
                    } catch (SQLException e) {
                        throw fail(tables.get(i), sql, e);
                    }
                }
            }
            return;
        }
        String mode = SchemaSession.withoutZeroDateChecks(dst.sqlMode());
        List<Integer> order = java.util.stream.IntStream.range(0, builds.size()).boxed().toList();
        ParallelSessions.forEach(order, threads, "sluice-index-build", () -> {
            try {
                Connection c = opener.open();
                try (Statement st = c.createStatement()) {
                    SchemaSession.prepare(st, mode);
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                return c;
            } catch (SQLException e) {
                throw Failures.classify("opening a destination connection for index builds", e);
            }
        }, (c, i) -> {
            try (Statement st = c.createStatement()) {
                for (String sql : builds.get(i)) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw fail(tables.get(i), sql, e);
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ execution

    /** Runs a step; false (and a failure recorded) when a view/routine/trigger/event cannot be created. */
    private boolean run(Step s, List<String> failures) throws SQLException {
        boolean object = s.kind() == ObjectKind.VIEW || s.kind() == ObjectKind.PROCEDURE
                || s.kind() == ObjectKind.FUNCTION || s.kind() == ObjectKind.TRIGGER || s.kind() == ObjectKind.EVENT;
        session(object ? s.database() : null, s.sqlMode(), s.collationConnection(), s.timeZone());
        try {
            exec(s.sql());
            return true;
        } catch (SQLException e) {
            if (!object || Failures.isRetriable(e)) {
                throw fail(s, s.sql(), e);
            }
            String msg = s.label() + ": " + e.getMessage();
            failures.add(msg);
            log.problem(s.sourceDatabase(), s.label(), s.sql(), "not created", "the destination refused it: "
                    + e.getMessage());
            return false;
        }
    }

    private RuntimeException fail(Step s, String sql, SQLException e) {
        if (Failures.isRetriable(e)) {
            return Failures.classify("creating " + s.label(), e);
        }
        return new IllegalStateException("creating " + s.label() + " on the destination failed: " + e.getMessage()
                + "\nstatement: " + abbreviate(sql) + "\nfix the cause (privileges, a conflicting object, an "
                + "unsupported feature listed in the schema report) and resume the task", e);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 2000 ? sql : sql.substring(0, 2000) + " ...";
    }

    /** Sets the session for a step: tables run under the destination's sql_mode minus zero-date checks. */
    private void session(String db, String mode, String collation, String timeZone) throws SQLException {
        String wantMode = mode != null ? mode : SchemaSession.withoutZeroDateChecks(dst.sqlMode());
        if (!Objects.equals(wantMode, sessionMode)) {
            exec("SET SESSION sql_mode = " + Sql.literal(wantMode));
            sessionMode = wantMode;
        }
        String wantColl = collation != null ? collation : "utf8mb4_general_ci";
        if (!Objects.equals(wantColl, sessionCollation)) {
            exec("SET NAMES utf8mb4");
            exec("SET SESSION collation_connection = " + Sql.literal(wantColl));
            sessionCollation = wantColl;
        }
        String wantTz = timeZone != null ? timeZone : "SYSTEM";
        if (!Objects.equals(wantTz, sessionTimeZone)) {
            exec("SET SESSION time_zone = " + Sql.literal(wantTz));
            sessionTimeZone = wantTz;
        }
        if (db != null && !db.equals(sessionDb)) {
            exec("USE " + Sql.id(db));
            sessionDb = db;
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private List<String[]> rows(String sql, String param) throws SQLException {
        return Queries.rows(conn, sql, param);
    }
}
