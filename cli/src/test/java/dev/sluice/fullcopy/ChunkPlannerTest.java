package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import dev.sluice.table.Chunk;
import dev.sluice.table.ChunkPlanner;
import dev.sluice.table.KeyRange;
import dev.sluice.table.TableRef;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.ObjectSelection;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chunk boundaries on MySQL 8.0: every row in exactly one chunk, chunk sizes near the target, for dense and sparse
 * integers, BIGINT UNSIGNED next to 2^64-1, composite and string keys, and keyless tables.
 */
class ChunkPlannerTest {
    static DbServer server;
    static String db;

    @BeforeAll
    static void setUp() {
        server = SharedServers.get(Flavor.MYSQL_80);
        db = server.createDatabase("planner");
        TestTables.create(server, db, false);
        TestTables.fill(server, db, false);
        server.executeIn(db, "SET SESSION cte_max_recursion_depth = 100000",
                "CREATE TABLE dense (id INT PRIMARY KEY, v INT)",
                "INSERT INTO dense WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) "
                        + "SELECT i, i FROM s",
                "CREATE TABLE top_unsigned (id BIGINT UNSIGNED PRIMARY KEY)",
                "INSERT INTO top_unsigned WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 615) "
                        + "SELECT 18446744073709551000 + i FROM s",
                "ANALYZE TABLE dense, top_unsigned, composite_key, string_key, sparse_int, unsigned_extremes");
    }

    private List<Chunk> planAndCheck(String table, long chunkRows, long maxPerChunk) throws Exception {
        ObjectFilter all = new ObjectFilter(List.of(new ObjectSelection(db, null, null, null)));
        try (Connection c = CopySessions.planning(Endpoints4Test.of(server))) {
            TableInfo t = TableInfo.read(c, new TableRef(db, table), all, NameMapping.NONE);
            List<Chunk> chunks = new ChunkPlanner(chunkRows, 1L << 30).plan(c, t.model(), t.identity());
            long total = server.queryLong("SELECT COUNT(*) FROM " + Sql.id(db, table));
            long sum = 0;
            for (Chunk ch : chunks) {
                KeyRange p = KeyRange.of(t.identity().columns(), ch.lo(), ch.hi());
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Sql.id(db, table)
                        + (ch.wholeTable() ? "" : " WHERE " + p.sql()))) {
                    if (!ch.wholeTable()) {
                        p.bind(ps, 1);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long n = rs.getLong(1);
                        assertTrue(n <= maxPerChunk, table + " chunk " + ch.describe() + " has " + n + " rows");
                        sum += n;
                    }
                }
            }
            assertEquals(total, sum, table + ": every row in exactly one chunk");
            assertNull(chunks.get(0).lo(), "first chunk unbounded below");
            assertNull(chunks.get(chunks.size() - 1).hi(), "last chunk unbounded above");
            return chunks;
        }
    }

    @Test
    void denseIntegersAreCutEvenly() throws Exception {
        List<Chunk> chunks = planAndCheck("dense", 100, 200);
        assertTrue(chunks.size() >= 5 && chunks.size() <= 20, chunks.size() + " chunks");
    }

    @Test
    void unsignedNextToTheMaximumDoesNotOverflow() throws Exception {
        List<Chunk> chunks = planAndCheck("top_unsigned", 100, 200);
        assertTrue(chunks.size() >= 3, chunks.size() + " chunks");
        assertTrue(chunks.get(1).lo().get(0).startsWith("1844674407370955"), chunks.get(1).describe());
    }

    @Test
    void extremesAndSparseKeysAreWalked() throws Exception {
        List<Chunk> u = planAndCheck("unsigned_extremes", 2, 2);
        assertEquals(3, u.size());
        assertEquals(List.of("9223372036854775807"), u.get(1).lo());
        assertEquals(List.of("18446744073709551614"), u.get(2).lo());
        List<Chunk> s = planAndCheck("sparse_int", 20, 20);
        assertEquals(10, s.size());
    }

    @Test
    void compositeAndStringKeysAreWalked() throws Exception {
        assertEquals(8, planAndCheck("composite_key", 40, 40).size());
        List<Chunk> s = planAndCheck("string_key", 30, 30);
        assertEquals(9, s.size());
        assertTrue(s.stream().skip(1).allMatch(c -> c.lo().get(0).startsWith("key-")));
    }

    @Test
    void keylessTableIsOneWholeTableChunk() throws Exception {
        List<Chunk> c = planAndCheck("no_key", 2, 5);
        assertEquals(1, c.size());
        assertTrue(c.get(0).wholeTable());
    }
}
