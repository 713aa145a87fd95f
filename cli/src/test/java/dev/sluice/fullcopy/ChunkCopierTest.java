package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import dev.sluice.table.Chunk;
import dev.sluice.table.ChunkPlanner;
import dev.sluice.table.TableRef;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.ObjectSelection;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.throttle.Throttler;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner and copier alone (no ledger) on MySQL 8.0: every write method copies every edge-case table exactly. */
class ChunkCopierTest {
    static DbServer server;
    static String src;

    @BeforeAll
    static void setUp() {
        server = SharedServers.get(Flavor.MYSQL_80);
        src = server.createDatabase("fc_src");
        TestTables.create(server, src, false);
        TestTables.fill(server, src, false);
    }

    static EndpointSpec endpoint(DbServer s) {
        return Endpoints4Test.of(s);
    }

    @Test
    void loadDataCopiesEveryTableExactly() throws Exception {
        copyAll(WriteMethod.LOAD_DATA);
    }

    @Test
    void multiRowInsertCopiesEveryTableExactly() throws Exception {
        copyAll(WriteMethod.MULTI_ROW_INSERT);
    }

    @Test
    void preparedBatchCopiesEveryTableExactly() throws Exception {
        copyAll(WriteMethod.PREPARED_BATCH);
    }

    private void copyAll(WriteMethod method) throws Exception {
        String dst = server.createDatabase("fc_dst");
        TestTables.create(server, dst, false);
        NameMapping mapping = new NameMapping(Map.of(src, dst), Map.of(), Map.of());
        ObjectFilter filter = new ObjectFilter(List.of(new ObjectSelection(src, null, null, null)));
        ChunkPlanner planner = new ChunkPlanner(7, 1 << 20);
        try (Connection plan = CopySessions.planning(endpoint(server));
             Connection s = CopySessions.source(endpoint(server));
             Connection d = CopySessions.destination(endpoint(server), CopySessions.destinationSqlMode(),
                     false, true)) {
            ChunkCopier copier = new ChunkCopier(s, d, Throttler.NONE, method);
            for (String table : TestTables.NAMES) {
                TableInfo t = TableInfo.read(plan, new TableRef(src, table), filter, mapping);
                List<Chunk> chunks = planner.plan(plan, t.model(), t.identity());
                long rows = 0;
                for (Chunk c : chunks) {
                    rows += copier.copy(t, c, false, Fence.NONE).rows();
                }
                // a second copy of every chunk (a retry) must replace, not add
                for (Chunk c : chunks) {
                    copier.copy(t, c, false, Fence.NONE);
                }
                TableChecksum a = TableChecksum.of(server, src, table);
                TableChecksum b = TableChecksum.of(server, dst, table);
                assertEquals(a.rows(), rows, table + ": rows copied");
                assertEquals(a, b, table + " differs after " + method + " (" + chunks.size() + " chunks)");
            }
        }
        assertTrue(TableChecksum.of(server, dst, "torture").rows() >= 5);
    }

    /**
     * A virtual generated column whose expression overflows: the source (non-strict sql_mode) computes the clamped
     * value with a warning, and so does the destination while loading; the copy is exact (the column is not
     * copied) and must not fail as if a copied value had been changed.
     */
    @Test
    void virtualGeneratedColumnWhoseExpressionOverflows() throws Exception {
        String ddl = "CREATE TABLE g (id INT PRIMARY KEY, a INT, v TINYINT AS (a * 1000) VIRTUAL, "
                + "s SMALLINT AS (a * 100000) STORED)";
        String from = server.createDatabase("gen_src");
        String to = server.createDatabase("gen_dst");
        server.executeIn(from, ddl);
        server.executeIn(to, ddl);
        try (Connection c = server.connect(from); var st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("INSERT INTO g (id, a) VALUES (1, 1), (2, -5), (3, 0)");
        }
        NameMapping mapping = new NameMapping(Map.of(from, to), Map.of(), Map.of());
        ObjectFilter filter = new ObjectFilter(List.of(new ObjectSelection(from, null, null, null)));
        try (Connection plan = CopySessions.planning(endpoint(server));
             Connection s = CopySessions.source(endpoint(server));
             Connection d = CopySessions.destination(endpoint(server), CopySessions.destinationSqlMode(),
                     false, true)) {
            TableInfo t = TableInfo.read(plan, new TableRef(from, "g"), filter, mapping);
            for (Chunk c : new ChunkPlanner(1000, 1 << 20).plan(plan, t.model(), t.identity())) {
                new ChunkCopier(s, d, Throttler.NONE, WriteMethod.LOAD_DATA).copy(t, c, false, Fence.NONE);
            }
        }
        assertEquals(server.query("SELECT id, a, v, s FROM `" + from + "`.g ORDER BY id").toString(),
                server.query("SELECT id, a, v, s FROM `" + to + "`.g ORDER BY id").toString());
    }

    /**
     * Finding 6 of docs/fidelity.md: ENUM/SET members with 2- and 4-byte characters (loaded as CHARACTER SET
     * binary they matched no member: 1265 Data truncated), members named by digits (an index written as text would
     * be looked up as a name first) and SET bit 63, by every write method.
     */
    @Test
    void enumAndSetMembersAreCopiedByEveryWriteMethod() throws Exception {
        String members64 = java.util.stream.IntStream.range(0, 64).mapToObj(i -> "'s" + i + "'")
                .collect(java.util.stream.Collectors.joining(","));
        String ddl = "CREATE TABLE e (id INT PRIMARY KEY, c ENUM('a','\u00e9','\uD83D\uDE00') CHARACTER SET utf8mb4, "
                + "s SET('a','\u00e9','\uD83D\uDE00') CHARACTER SET utf8mb4, l ENUM('e','\u00e9') CHARACTER SET latin1 COLLATE latin1_bin, "
                + "n ENUM('2','1','0'), w SET(" + members64 + "))";
        String from = server.createDatabase("enum_src");
        server.executeIn(from, ddl, "INSERT INTO e VALUES (1, '\uD83D\uDE00', 'a,\uD83D\uDE00', '\u00e9', '1', 's63'), "
                + "(2, '\u00e9', '\u00e9', 'e', '0', 's0,s63'), (3, 'a', '', '\u00e9', '2', ''), "
                + "(4, NULL, NULL, NULL, NULL, NULL)");
        String read = "SELECT id, HEX(c), c + 0, HEX(s), s + 0, HEX(l), l + 0, n, n + 0, w + 0 FROM %s.e ORDER BY id";
        for (WriteMethod method : WriteMethod.values()) {
            String to = server.createDatabase("enum_dst");
            server.executeIn(to, ddl);
            copyTable(from, to, "e", method);
            assertEquals(server.query(String.format(read, Sql.id(from))).toString(),
                    server.query(String.format(read, Sql.id(to))).toString(), method.name());
        }
    }

    /** Values travel by member index, so a destination ENUM with other members (or order) is refused, not filled. */
    @Test
    void destinationEnumWithOtherMembersIsRefused() throws Exception {
        String from = server.createDatabase("enum_src");
        String to = server.createDatabase("enum_dst");
        server.executeIn(from, "CREATE TABLE e (id INT PRIMARY KEY, c ENUM('a','b'))", "INSERT INTO e VALUES (1, 'b')");
        server.executeIn(to, "CREATE TABLE e (id INT PRIMARY KEY, c ENUM('b','a'))");
        try (Connection plan = CopySessions.planning(endpoint(server)); Connection d = server.connect(to)) {
            TableInfo t = TableInfo.read(plan, new TableRef(from, "e"), filter(from), mapping(from, to));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> t.requireSameMembers(d));
            assertTrue(e.getMessage().contains("enum('b','a')") && e.getMessage().contains("enum('a','b')")
                    && e.getMessage().contains("MODIFY c"), e.getMessage());
        }
        server.executeIn(to, "ALTER TABLE e MODIFY c ENUM('a','b')");
        try (Connection plan = CopySessions.planning(endpoint(server)); Connection d = server.connect(to)) {
            TableInfo.read(plan, new TableRef(from, "e"), filter(from), mapping(from, to)).requireSameMembers(d);
        }
    }

    private static NameMapping mapping(String from, String to) {
        return new NameMapping(Map.of(from, to), Map.of(), Map.of());
    }

    private static ObjectFilter filter(String from) {
        return new ObjectFilter(List.of(new ObjectSelection(from, null, null, null)));
    }

    private void copyTable(String from, String to, String table, WriteMethod method) throws Exception {
        try (Connection plan = CopySessions.planning(endpoint(server));
             Connection s = CopySessions.source(endpoint(server));
             Connection d = CopySessions.destination(endpoint(server), CopySessions.destinationSqlMode(),
                     false, true)) {
            TableInfo t = TableInfo.read(plan, new TableRef(from, table), filter(from), mapping(from, to));
            for (Chunk c : new ChunkPlanner(1000, 1 << 20).plan(plan, t.model(), t.identity())) {
                new ChunkCopier(s, d, Throttler.NONE, method).copy(t, c, false, Fence.NONE);
            }
        }
    }
}
