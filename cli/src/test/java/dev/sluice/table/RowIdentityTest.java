package dev.sluice.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.db.ServerInfo;
import dev.sluice.fullcopy.TableInfo;
import dev.sluice.incremental.SourceColumn;
import dev.sluice.incremental.TargetTable;
import dev.sluice.incremental.TargetTables;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.schema.SchemaReader;
import dev.sluice.schema.SourceDatabase;
import dev.sluice.schema.SourceTable;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import dev.sluice.verification.TableCatalog;
import dev.sluice.verification.TableTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one row-identity rule on real table shapes read from MySQL 8.0, 5.7 and MariaDB, and (on 8.0) every phase (precheck, schema, full copy,
 * replication, verification) getting the same identity for each: issue 11 defect 7 had four rules that disagreed.
 */
class RowIdentityTest {
    /** table -> expected identity key ("" = whole row) and replication mode. */
    private static final Map<String, String[]> SHAPES = new LinkedHashMap<>();

    static {
        shape("pk", "PRIMARY", "ORDERED", "CREATE TABLE pk (id INT PRIMARY KEY, u INT NOT NULL UNIQUE, v INT)");
        shape("pk_composite", "PRIMARY", "COMPACT",
                "CREATE TABLE pk_composite (a INT, b VARCHAR(10), v INT, PRIMARY KEY (a, b))");
        shape("uniq_only", "uk", "COMPACT", "CREATE TABLE uniq_only (k INT NOT NULL, v INT, UNIQUE KEY uk (k))");
        shape("uniq_composite", "uk", "COMPACT",
                "CREATE TABLE uniq_composite (a INT NOT NULL, b CHAR(3) NOT NULL, v INT, UNIQUE KEY uk (a, b))");
        shape("uniq_nullable", "", "KEYLESS",
                "CREATE TABLE uniq_nullable (n INT NULL, v INT, UNIQUE KEY un (n))");
        shape("uniq_nullable_and_not", "z_k", "ORDERED",
                "CREATE TABLE uniq_nullable_and_not (n INT NULL, k BIGINT NOT NULL, UNIQUE KEY a_n (n), "
                        + "UNIQUE KEY z_k (k))");
        shape("uniq_prefix", "", "KEYLESS",
                "CREATE TABLE uniq_prefix (s VARCHAR(100) NOT NULL, UNIQUE KEY up (s(10)))");
        shape("uniq_virtual", "", "KEYLESS", "CREATE TABLE uniq_virtual (a INT NOT NULL, "
                + "g INT AS (a + 1) VIRTUAL NOT NULL, UNIQUE KEY ug (g))");
        shape("uniq_stored", "us", "COMPACT", "CREATE TABLE uniq_stored (a INT NOT NULL, "
                + "g INT AS (a * 2) STORED NOT NULL, UNIQUE KEY us (g))");
        shape("uniq_functional", "", "KEYLESS",
                "CREATE TABLE uniq_functional (a INT NOT NULL, UNIQUE KEY uf ((a + 1)))");
        shape("narrowest", "k_c", "ORDERED", "CREATE TABLE narrowest (a BIGINT NOT NULL, b INT NOT NULL, "
                + "c INT NOT NULL, s VARCHAR(20) NOT NULL, UNIQUE KEY k_ab (a, b), UNIQUE KEY k_s (s), "
                + "UNIQUE KEY k_c (c))");
        shape("tie", "a_x", "ORDERED",
                "CREATE TABLE tie (x INT NOT NULL, y INT NOT NULL, UNIQUE KEY b_y (y), UNIQUE KEY a_x (x))");
        shape("keyless", "", "KEYLESS", "CREATE TABLE keyless (a INT, b TEXT, KEY ia (a))");
    }

    private static void shape(String table, String key, String mode, String ddl) {
        SHAPES.put(table, new String[] {key, mode, ddl});
    }

    static DbServer server;
    static String db;

    @BeforeAll
    static void create() {
        server = SharedServers.get(Flavor.MYSQL_80);
        db = createShapes(server);
        server.executeIn(db, "CREATE TABLE cols (id INT PRIMARY KEY, e ENUM('A', 'b''c', 'd,e'), bn BINARY(4), "
                + "c CHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, u BIGINT UNSIGNED NOT NULL, "
                + "inv INT INVISIBLE, g INT AS (id * 2) VIRTUAL)");
    }

    /** A database with the shapes the server supports (functional key parts: MySQL 8.0.13+ only). */
    private static String createShapes(DbServer s) {
        String name = TestNames.unique("identity");
        s.execute("CREATE DATABASE `" + name + "`");
        s.executeIn(name, SHAPES.entrySet().stream().filter(e -> supports(s, e.getKey()))
                .map(e -> mariaDbGenerated(s, e.getKey()) ? e.getValue()[2].replace(" NOT NULL, UNIQUE", ", UNIQUE")
                        : e.getValue()[2]).toArray(String[]::new));
        return name;
    }

    /** MariaDB has no NOT NULL generated columns, so a UNIQUE key on one is nullable: never an identity. */
    private static boolean mariaDbGenerated(DbServer s, String table) {
        return s.flavor().isMariaDb() && table.startsWith("uniq_") && SHAPES.get(table)[2].contains(" AS (");
    }

    private static boolean supports(DbServer s, String table) {
        return !table.equals("uniq_functional") || s.flavor() == Flavor.MYSQL_80;
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void theRuleOnRealTableShapes(Flavor flavor) throws Exception {
        DbServer s = flavor == Flavor.MYSQL_80 ? server : SharedServers.get(flavor);
        String db = flavor == Flavor.MYSQL_80 ? RowIdentityTest.db : createShapes(s);
        Map<TableRef, TableModel> models;
        try (Connection c = s.connect()) {
            models = TableModels.readSchemas(c, List.of(db));
        }
        for (Map.Entry<String, String[]> e : SHAPES.entrySet()) {
            if (!supports(s, e.getKey())) {
                continue;
            }
            RowIdentity id = models.get(new TableRef(db, e.getKey())).identity();
            String expected = mariaDbGenerated(s, e.getKey()) ? "" : e.getValue()[0];
            assertEquals(expected.isEmpty() ? null : expected, id.keyName(),
                    flavor + " " + e.getKey() + ": " + id.describe());
            assertEquals(!expected.isEmpty(), id.keyed(), e.getKey());
            assertEquals(expected.isEmpty() ? RowIdentity.Kind.WHOLE_ROW : expected.equals("PRIMARY")
                    ? RowIdentity.Kind.PRIMARY : RowIdentity.Kind.UNIQUE, id.kind(), e.getKey());
        }
        assertEquals(List.of("a", "b"), models.get(new TableRef(db, "pk_composite")).identity().columnNames());
        // a key column left out of the task's column selection cannot identify rows
        assertFalse(models.get(new TableRef(db, "uniq_only")).identity(c -> !c.equals("k")).keyed());
    }

    @Test
    void columnModel() throws Exception {
        TableModel m;
        try (Connection c = server.connect()) {
            m = TableModels.read(c, new TableRef(db, "cols")).orElseThrow();
        }
        assertEquals(List.of("id", "e", "bn", "c", "u", "inv", "g"), m.columns().stream().map(Column::name).toList());
        Column e = m.column("E").orElseThrow();
        assertEquals(List.of("A", "b'c", "d,e"), e.members());
        assertEquals(2, e.ordinal());
        assertTrue(e.nullable());
        Column bn = m.column("bn").orElseThrow();
        assertEquals(4L, bn.byteLength());
        assertEquals(Column.Kind.BINARY_STRING, bn.kind());
        assertTrue(bn.bytesValue());
        Column c = m.column("c").orElseThrow();
        assertEquals(3L, c.charLength());
        assertEquals(12L, c.byteLength());
        assertEquals("utf8mb4", c.charset());
        assertEquals("utf8mb4_bin", c.collation());
        Column u = m.column("u").orElseThrow();
        assertTrue(u.unsigned());
        assertFalse(u.nullable());
        assertEquals(Column.Kind.UNSIGNED_INTEGER, u.kind());
        assertTrue(m.column("inv").orElseThrow().invisible());
        Column g = m.column("g").orElseThrow();
        assertEquals(Column.Generation.VIRTUAL, g.generation());
        assertTrue(g.generationExpression().contains("id"), g.generationExpression());
        assertNull(m.column("id").orElseThrow().generationExpression());
        assertEquals(Column.Generation.NONE, m.column("id").orElseThrow().generation());
    }

    @Test
    void everyPhaseGetsTheSameIdentity(@TempDir Path tmp) throws Exception {
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, DbServer.ROOT_PASSWORD);
        EndpointSpec ep = new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + pw,
                TlsMode.DISABLED, null);
        TaskSpec spec = new TaskSpec("identity", ep, ep, Set.of(MigrationType.FULL, MigrationType.INCREMENTAL),
                List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null, TaskOptions.DEFAULTS);
        Map<String, RowIdentity> expected = new HashMap<>();
        Map<String, String> precheck = new HashMap<>();
        Map<String, String> schema = new HashMap<>();
        Map<String, TableTarget> verification = new HashMap<>();
        try (Connection c = server.connect()) {
            TableModels.readSchemas(c, List.of(db)).forEach((ref, m) -> expected.put(ref.table(), m.identity()));
            try (PrecheckContext ctx = new PrecheckContext(spec)) {
                for (Inventory.Table t : ctx.selectedTables()) {
                    precheck.put(t.name(), String.valueOf(ctx.inventory().identity(t).keyName()));
                }
            }
            for (SourceDatabase d : new SchemaReader(c).read(spec.filter())) {
                for (SourceTable t : d.tables()) {
                    schema.put(t.name(), String.valueOf(t.rowIdentityKey()));
                }
            }
            ServerInfo info = ServerInfo.of(c);
            for (TableTarget t : TableCatalog.targets(spec, c, info, c, info)) {
                verification.put(t.sourceTable(), t);
            }
            TargetTables replication = new TargetTables(c, spec.filter(), NameMapping.NONE);
            for (String table : SHAPES.keySet()) {
                TableRef ref = new TableRef(db, table);
                RowIdentity id = expected.get(table);
                TableModel model = TableModels.read(c, ref).orElseThrow();
                assertEquals(id, TableInfo.of(model, spec.filter(), NameMapping.NONE).identity(),
                        table + ": full copy");
                assertEquals(id, verification.get(table).identity(), table + ": verification");
                assertEquals(id.columnNames(), verification.get(table).key().stream()
                        .map(k -> k.sourceName()).toList(), table + ": verification key columns");
                assertEquals(String.valueOf(id.keyName()), precheck.get(table), table + ": precheck");
                assertEquals(String.valueOf(id.keyName()), schema.get(table), table + ": schema");
                List<SourceColumn> binlogColumns = model.columns().stream()
                        .map(col -> new SourceColumn(col.name(), col.unsigned())).toList();
                TargetTable target = replication.resolve(db, table, binlogColumns);
                assertEquals(id.columnNames(), target.keyNames(), table + ": replication key");
                assertEquals(SHAPES.get(table)[1], target.mode().name(), table + ": replication mode");
            }
        }
    }
}
