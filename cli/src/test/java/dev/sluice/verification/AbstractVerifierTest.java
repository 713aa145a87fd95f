package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Verification on real servers for one pair of flavors: identical data is equal; injected differences (changed
 * value, missing row, extra row, NULL against '', a float, a composite key, a duplicated row in a keyless table)
 * are found exactly while a reordered-but-equal JSON value and cross-version float/JSON printing are not
 * reported; repair (dry run, then for real) makes the tables equal again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractVerifierTest {
    private static final int ROWS = 240;
    private final Flavor sourceFlavor;
    private final Flavor destFlavor;
    DbServer source;
    DbServer dest;
    String srcDb;
    String dstDb;
    TaskSpec spec;

    AbstractVerifierTest(Flavor sourceFlavor, Flavor destFlavor) {
        this.sourceFlavor = sourceFlavor;
        this.destFlavor = destFlavor;
    }

    @BeforeAll
    void createData() {
        source = SharedServers.get(sourceFlavor);
        dest = SharedServers.get(destFlavor);
        srcDb = source.createDatabase("vsrc");
        dstDb = dest.createDatabase("vdst");
        for (var side : List.of(Map.entry(source, srcDb), Map.entry(dest, dstDb))) {
            side.getKey().executeIn(side.getValue(), schema());
            side.getKey().executeIn(side.getValue(), rows());
        }
        spec = VerifyFixtures.task(source, srcDb, dest, dstDb);
    }

    private String[] schema() {
        return new String[] {
            "CREATE TABLE items (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, name VARCHAR(40) NULL, "
                + "price DECIMAL(12,2) NOT NULL, f FLOAT NULL, d DOUBLE NULL, doc JSON NULL, "
                + "created DATETIME(6) NOT NULL, ts TIMESTAMP(3) NULL DEFAULT NULL, bin VARBINARY(16) NULL, "
                + "body BLOB NULL, flags BIT(5) NULL, kind ENUM('a','b','c') NULL, note TEXT NULL, "
                + "y YEAR NULL, t TIME(2) NULL, legacy VARCHAR(20) CHARACTER SET latin1 NULL) DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE pairs (a INT NOT NULL, b VARCHAR(20) NOT NULL, v INT NULL, PRIMARY KEY (a, b)) "
                + "DEFAULT CHARSET=latin1",
            "CREATE TABLE logs (msg VARCHAR(30) NULL, n INT NULL)",
            "CREATE TABLE uniq (code CHAR(8) NOT NULL, qty INT NOT NULL, UNIQUE KEY uk (code)) "
                + "DEFAULT CHARSET=utf8mb4 COLLATE utf8mb4_general_ci"
        };
    }

    private String[] rows() {
        List<String> s = new ArrayList<>();
        s.add("SET time_zone = '+00:00'");
        for (int i = 1; i <= ROWS; i++) {
            long id = i <= ROWS - 3 ? i : new java.math.BigInteger("18446744073709551615").subtract(
                    java.math.BigInteger.valueOf(ROWS - i)).longValue();
            String idText = i <= ROWS - 3 ? Integer.toString(i)
                    : new java.math.BigInteger("18446744073709551615").subtract(java.math.BigInteger.valueOf(ROWS - i))
                            .toString();
            s.add("INSERT INTO items VALUES (" + idText + ", " + (i % 17 == 0 ? "NULL" : "'item #" + i + " é'") + ", "
                    + (i * 3.25) + ", " + (i % 5 == 0 ? "NULL" : (i * 1.2345678) + "") + ", " + (i / 7.0) + ", "
                    + (i % 4 == 0 ? "NULL" : "'{\"b\": [1, 2.5, " + i + ".5e3], \"a\": \"x" + i
                    + "\", \"n\": null, \"f\": 0.1, \"nested\": {\"z\": true, \"k\": " + i + "}}'") + ", "
                    + "'2024-02-29 12:34:56." + String.format("%06d", i) + "', "
                    + (i % 3 == 0 ? "NULL" : "'2023-06-01 00:00:0" + (i % 10) + ".123'") + ", "
                    + "X'" + String.format("%08X", i) + "00', " + (i % 6 == 0 ? "NULL" : "REPEAT('blob', " + i + ")")
                    + ", b'" + Integer.toBinaryString(i % 32) + "', '" + "abc".charAt(i % 3) + "', "
                    + (i % 2 == 0 ? "REPEAT('long text ', 50)" : "''") + ", " + (1990 + i % 50) + ", '"
                    + (i % 24) + ":30:15.5', 'caf\u00e9 #" + i + "')");
            assertTrue(id != 0);
        }
        for (int a = 1; a <= 30; a++) {
            for (String b : List.of("a", "b", "Ä")) {
                s.add("INSERT INTO pairs VALUES (" + a + ", '" + b + "', " + (a * 10) + ")");
            }
        }
        for (int i = 0; i < 20; i++) {
            s.add("INSERT INTO logs VALUES ('line " + (i % 7) + "', " + (i % 3) + ")");
        }
        s.add("INSERT INTO logs VALUES (NULL, NULL), ('', NULL)");
        for (int i = 0; i < 50; i++) {
            s.add("INSERT INTO uniq VALUES ('c" + i + "', " + i + ")");
        }
        return s.toArray(String[]::new);
    }

    Verifier verifier() {
        return new Verifier(spec, VerifyOptions.DEFAULTS.withChunkRows(50).withThreads(3)
                .withRecheck(1, Duration.ofMillis(100)), BinlogCheckpoint.NONE);
    }

    static TableReport table(VerifyReport r, String name) {
        return r.tables().stream().filter(t -> t.table().endsWith("." + name)).findFirst().orElseThrow();
    }

    static Set<String> described(TableReport t) {
        return t.differences().stream().map(Difference::describe).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @Order(1)
    void identicalDataIsEqual() throws Exception {
        VerifyReport r = verifier().verify();
        assertTrue(r.equal(), r.toTable());
        assertEquals(4, r.tables().size(), r.toTable());
        TableReport items = table(r, "items");
        assertEquals(ROWS, items.sourceRows());
        assertEquals(ROWS, items.destRows());
        assertTrue(items.chunks() >= 5, "items should be split into chunks: " + items.chunks());
        assertEquals(List.of("id"), items.key());
        assertEquals(List.of("a", "b"), table(r, "pairs").key());
        assertEquals(List.of("code"), table(r, "uniq").key());
        assertTrue(table(r, "logs").method().contains("multiset"), table(r, "logs").method());
        assertEquals(22, table(r, "logs").sourceRows());
    }

    @Test
    @Order(2)
    void injectedDifferencesAreFoundExactly() throws Exception {
        dest.executeIn(dstDb,
                "UPDATE items SET name = 'changed' WHERE id = 5",
                "DELETE FROM items WHERE id = 7",
                "INSERT INTO items (id, price, created) VALUES (100000, 1.00, '2024-01-01 00:00:00')",
                "UPDATE items SET name = '' WHERE id = 17", // NULL on the source
                "UPDATE items SET f = f + 0.001 WHERE id = 11",
                "UPDATE items SET doc = '{\"nested\": {\"k\": 13, \"z\": true}, \"f\": 0.1, \"n\": null, "
                        + "\"a\": \"x13\", \"b\": [1, 2.5, 13.5e3]}' WHERE id = 13", // equal JSON, other order
                "UPDATE items SET created = '2024-02-29 12:34:56.000022' WHERE id = 21", // fraction only
                "UPDATE items SET bin = X'FF' WHERE id = 18446744073709551614",
                "UPDATE pairs SET v = 999 WHERE a = 2 AND b = 'b'",
                "DELETE FROM pairs WHERE a = 30 AND b = 'Ä'",
                "INSERT INTO logs VALUES ('line 3', 0)", // a second/third copy of an existing row
                "UPDATE uniq SET qty = -1 WHERE code = 'c7'");
        VerifyReport r = verifier().verify();
        assertFalse(r.equal());
        TableReport items = table(r, "items");
        assertEquals(Set.of("CHANGED id=5 (name)", "MISSING id=7", "EXTRA id=100000", "CHANGED id=17 (name)",
                "CHANGED id=11 (f)", "CHANGED id=21 (created)", "CHANGED id=18446744073709551614 (bin)"),
                described(items), r.toTable());
        assertEquals(1, items.missing());
        assertEquals(1, items.extra());
        assertEquals(5, items.changed());
        assertEquals(Set.of("CHANGED a=2 b=b (v)", "MISSING a=30 b=Ä"), described(table(r, "pairs")), r.toTable());
        TableReport logs = table(r, "logs");
        assertEquals(1, logs.extra(), r.toTable());
        assertEquals(0, logs.missing());
        assertEquals(1, logs.differences().size());
        assertNotNull(logs.differences().get(0).rowHash());
        assertEquals(Set.of("CHANGED code=c7 (qty)"), described(table(r, "uniq")));
        assertTrue(r.toTable().contains("DIFFERENT"), r.toTable());
    }

    @Test
    @Order(3)
    void repairDryRunPrintsSqlThenRepairMakesTablesEqual() throws Exception {
        Verifier v = verifier();
        List<TableTarget> targets = v.targets();
        VerifyReport before = v.verify(targets);
        assertFalse(before.equal());
        String checksumBefore = dest.queryValue("CHECKSUM TABLE `" + dstDb + "`.items");
        RepairResult dry = new Repairer(spec).repair(targets, before, true);
        assertFalse(dry.executed());
        String script = dry.script();
        assertTrue(script.contains("REPLACE INTO `" + dstDb + "`.`items`"), script);
        assertTrue(script.contains("DELETE FROM `" + dstDb + "`.`items` WHERE `id` = 100000"), script);
        assertTrue(script.contains("LIMIT 1"), script); // keyless surplus row
        assertEquals(checksumBefore, dest.queryValue("CHECKSUM TABLE `" + dstDb + "`.items"),
                "a dry run must not write");
        RepairResult done = new Repairer(spec).repair(targets, before, false);
        assertTrue(done.executed());
        assertEquals(6 + 2 + 1, done.rowsWritten(), done.script()); // items 6, pairs 2, uniq 1
        assertEquals(2, done.rowsDeleted(), done.script()); // items id 100000, one logs copy
        VerifyReport after = v.verify(targets);
        assertTrue(after.equal(), after.toTable() + "\n" + done.script());
        assertEquals(before.tables().size(), after.tables().size());
    }

    /**
     * Issue 11: after {@code UPDATE ... SET d = -d} on 2.2250738585072014e-308 (the smallest normal double) both
     * sides hold the same bits, but MySQL 8.0 printed the checksum's {@code d + 0E0} in 22 characters
     * (-2.2250738585072e-308), so 5.7 → 8.0 reported the row CHANGED; the same truncation hid a real one-ulp
     * change between two 8.0 servers.
     */
    @Test
    @Order(4)
    void doublesAtTheEdgesOfTheRangeCompareByTheirBits() throws Exception {
        try {
            for (var side : List.of(Map.entry(source, srcDb), Map.entry(dest, dstDb))) {
                side.getKey().executeIn(side.getValue(), "CREATE TABLE dbl (id INT PRIMARY KEY, d DOUBLE NULL)",
                        "INSERT INTO dbl VALUES (1, 2.2250738585072014e-308), (2, 1.7976931348623157e308), "
                                + "(3, 2.2250738585072014e-308), (4, 4.9e-324), (5, 0.1)",
                        "UPDATE dbl SET d = -d WHERE id IN (1, 2, 4)");
            }
            VerifyReport equal = verifier().verify();
            assertTrue(table(equal, "dbl").differences().isEmpty(), equal.toTable());
            dest.executeIn(dstDb, "UPDATE dbl SET d = 2.225073858507201e-308 WHERE id = 3"); // one ulp below
            VerifyReport r = verifier().verify();
            assertEquals(Set.of("CHANGED id=3 (d)"), described(table(r, "dbl")), r.toTable());
        } finally {
            source.executeIn(srcDb, "DROP TABLE IF EXISTS dbl");
            dest.executeIn(dstDb, "DROP TABLE IF EXISTS dbl");
        }
    }

    /**
     * ADR 0054: a chunk read in key order on both sides is checksummed as the MD5 of its rows' text (one
     * GROUP_CONCAT) instead of a fold of per-row MD5s. A change of one column of one row, in every compared type,
     * must still change the chunk's checksum; the same change on the source makes them equal again.
     */
    @Test
    @Order(5)
    void aOneColumnChangeInEveryTypeChangesTheChunkChecksum() throws Exception {
        TableTarget items = verifier().targets().stream().filter(t -> t.sourceTable().equals("items")).findFirst()
                .orElseThrow();
        assertTrue(items.keyOrderedScan(), "items has the same primary key on both sides");
        List<String> changes = new ArrayList<>(List.of("id = 100001", "name = 'item #2 e'", "name = NULL",
                "price = 6.51", "f = -f", "d = d * 3", "created = '2024-02-29 12:34:56.000003'",
                "ts = '2023-06-01 00:00:02.124'", "ts = NULL", "bin = X'00000002FF'", "body = 'blobblob!'",
                "flags = b'11'", "kind = 'a'", "note = CONCAT(note, 'x')", "y = 1993", "t = '2:30:15.51'",
                "legacy = 'cafe #2'"));
        if (items.jsonMode() != JsonMode.JAVA) { // else JSON is compared row by row in Java, not in the checksum
            changes.add("doc = JSON_SET(doc, '$.nested.k', 3)");
        }
        dev.sluice.table.Chunk all = new dev.sluice.table.Chunk(items.model().ref(), 0, null, null, ROWS, false);
        String where = " WHERE id = 2";
        try (var src = Sessions.open(spec.source()); var dst = Sessions.open(spec.destination())) {
            assertTrue(checksums(items, all, src, dst)[0].sameAs(checksums(items, all, src, dst)[1]));
            for (String change : changes) {
                dest.executeIn(dstDb, "SET time_zone = '+00:00'", "UPDATE items SET " + change + where);
                ChunkChecksum[] c = checksums(items, all, src, dst);
                assertFalse(c[0].sameAs(c[1]), "the checksum must see " + change + ": " + c[0] + " " + c[1]);
                assertFalse(c[0].rowFold(), "folded as the chunk's text");
                source.executeIn(srcDb, "SET time_zone = '+00:00'", "UPDATE items SET " + change + where);
                c = checksums(items, all, src, dst);
                assertTrue(c[0].sameAs(c[1]), "equal again after " + change + " on the source: " + c[0] + " " + c[1]);
                where = change.startsWith("id = ") ? " WHERE id = 100001" : where;
            }
            // a chunk whose text is longer than group_concat_max_len is folded per row on both sides, never cut
            try (var st = dst.createStatement()) {
                st.execute("SET SESSION group_concat_max_len = 1024");
            }
            dest.executeIn(dstDb, "UPDATE items SET price = price + 1 WHERE id = 200");
            ChunkChecksum d = TableVerifier.checksum(dst, new RowSql(items, Side.DESTINATION), all);
            assertTrue(d.rowFold(), "over the limit: per-row fold");
            assertEquals(ROWS, d.rows());
            assertFalse(verifier().verify().equal(), "the price change is found");
            dest.executeIn(dstDb, "UPDATE items SET price = price - 1 WHERE id = 200");
        }
        assertTrue(verifier().verify().equal());
    }

    private static ChunkChecksum[] checksums(TableTarget t, dev.sluice.table.Chunk c, java.sql.Connection src,
                                             java.sql.Connection dst) throws java.sql.SQLException {
        return new ChunkChecksum[] {TableVerifier.checksum(src, new RowSql(t, Side.SOURCE), c),
            TableVerifier.checksum(dst, new RowSql(t, Side.DESTINATION), c)};
    }

    /**
     * JSON is verified by its text (ADR 0074, docs/verification.md "Limits"): a DECIMAL 1.50 against a DOUBLE 1.5
     * prints differently and is found (same MySQL generation; 5.7 -> 8.0 compares numbers by value); an UNSIGNED 5 against an INTEGER 5, a DATETIME against the string it prints
     * as, and a DECIMAL against a DOUBLE of the same digits print alike and are not (no cheap checksum expression
     * reads each scalar's JSON_TYPE). If verification becomes type-sensitive, this test says so: update the docs.
     */
    @Test
    @Order(6)
    void jsonScalarTypesAreVerifiedAsFarAsTheirTextShows() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(source.flavor() == Flavor.MARIADB_1011, "MariaDB JSON is text");
        try {
            source.executeIn(srcDb, "CREATE TABLE jt (id INT PRIMARY KEY, d JSON)",
                    "INSERT INTO jt VALUES (1, JSON_ARRAY(CAST(1.50 AS DECIMAL(5,2)))), (2, JSON_ARRAY(CAST(5 AS UNSIGNED))), "
                            + "(3, JSON_ARRAY(CAST('2020-01-02' AS DATE))), (4, JSON_ARRAY(12345.67))");
            dest.executeIn(dstDb, "CREATE TABLE jt (id INT PRIMARY KEY, d JSON)",
                    "INSERT INTO jt VALUES (1, '[1.5]'), (2, '[5]'), (3, '[\"2020-01-02\"]'), (4, '[12345.67]')");
            VerifyReport r = verifier().verify();
            // 5.7 -> 8.0 compares the texts in Java, numbers by value: 1.50 and 1.5 are equal there
            assertEquals(source.flavor() == dest.flavor() ? Set.of("CHANGED id=1 (d)") : Set.of(),
                    described(table(r, "jt")), r.toTable());
        } finally {
            source.executeIn(srcDb, "DROP TABLE IF EXISTS jt");
            dest.executeIn(dstDb, "DROP TABLE IF EXISTS jt");
        }
    }
}
