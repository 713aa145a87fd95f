package dev.sluice.schema;

import dev.sluice.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The secondary indexes the schema phase leaves out of a table until its rows are copied, as ALTER TABLE
 * statements: every ordinary key of a table in one statement (InnoDB then reads the table once and sorts each key),
 * each FULLTEXT and SPATIAL key in its own (InnoDB builds those one per statement). The create phase stores them
 * per table ({@code SCHEMA#INDEXES#<db>.<table>}) so that the copy worker that finishes a table's last chunk can
 * build them while other tables are still copying; the finish phase adds whatever is still missing.
 */
public record DeferredIndexes(String database, String table, List<String> statements) {

    public static final String SK_PREFIX = "SCHEMA#INDEXES#";

    /** The state-table sort key of a destination table's deferred indexes. */
    public static String sortKey(String database, String table) {
        return SK_PREFIX + database + "." + table;
    }

    public String sortKey() {
        return sortKey(database, table);
    }

    /** The deferred indexes of a plan, per destination table (plan order). */
    static List<DeferredIndexes> of(List<Step> plan) {
        Map<String, List<Step>> byTable = new LinkedHashMap<>();
        for (Step s : plan) {
            if (s.phase() == Step.Phase.FINISH && s.kind() == ObjectKind.INDEX) {
                byTable.computeIfAbsent(s.database() + "." + s.table(), k -> new ArrayList<>()).add(s);
            }
        }
        List<DeferredIndexes> out = new ArrayList<>();
        for (List<Step> steps : byTable.values()) {
            Step first = steps.get(0);
            out.add(new DeferredIndexes(first.database(), first.table(), statements(steps)));
        }
        return out;
    }

    /** The ALTER TABLE statements replication runs once it has replayed past the copy ({@code AFTER_REPLAY}). */
    static List<String> afterReplay(List<Step> plan) {
        Map<String, List<Step>> byTable = new LinkedHashMap<>();
        for (Step s : plan) {
            if (s.phase() == Step.Phase.AFTER_REPLAY) {
                byTable.computeIfAbsent(s.database() + "." + s.table(), k -> new ArrayList<>()).add(s);
            }
        }
        List<String> out = new ArrayList<>();
        byTable.values().forEach(steps -> out.add(alter(steps.get(0), steps.stream().map(Step::sql).toList())));
        return out;
    }

    /** ALTER TABLE statements adding these index steps of one table. */
    static List<String> statements(List<Step> steps) {
        Step first = steps.get(0);
        List<String> out = new ArrayList<>();
        List<String> combined = new ArrayList<>();
        for (Step s : steps) {
            String up = s.sql().toUpperCase(Locale.ROOT);
            if (up.startsWith("ADD FULLTEXT") || up.startsWith("ADD SPATIAL")) {
                out.add(alter(first, List.of(s.sql())));
            } else {
                combined.add(s.sql());
            }
        }
        if (!combined.isEmpty()) {
            out.add(alter(first, combined));
        }
        return out;
    }

    static String alter(Step s, List<String> clauses) {
        return "ALTER TABLE " + Sql.id(s.database(), s.table()) + " " + String.join(", ", clauses);
    }

    /** The session index builds run in (as SchemaApplier's own session for tables and keys). */
    static void prepareSession(Statement st, String sqlMode) throws SQLException {
        st.execute("SET NAMES utf8mb4");
        st.execute("SET SESSION sql_mode = " + Sql.literal(sqlMode) + ", foreign_key_checks = 0, "
                + "collation_connection = 'utf8mb4_general_ci', time_zone = 'SYSTEM'");
    }

    /**
     * Runs the statements on a destination connection of its own, in the session the schema phase uses for them
     * (the destination's sql_mode without the zero-date checks, utf8mb4, system time zone, no FK checks).
     */
    public void build(Connection destination) throws SQLException {
        try (Statement st = destination.createStatement()) {
            try (var rs = st.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                rs.next();
                prepareSession(st, SchemaApplier.withoutZeroDateChecks(rs.getString(1)));
            }
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
