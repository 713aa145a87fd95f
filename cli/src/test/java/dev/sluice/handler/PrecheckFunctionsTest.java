package dev.sluice.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.Phase;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbUser;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The connectivity-test and precheck functions on an embedded state table and a real MySQL 8.0: reports are
 * stored under CONNECTIVITY / PRECHECK, the phase advances only on success, and passwords never reach the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrecheckFunctionsTest {
    private static final String PASSWORD = "Fn-distinctive-Pw-7781";
    private EmbeddedDynamoDb dynamo;
    private StateTable table;
    private Tasks tasks;
    private TaskDocuments docs;
    private DbServer mysql;
    private String db;

    @BeforeAll
    void start() {
        dynamo = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"),
                TestNames.unique("state"));
        table.ensureExists();
        tasks = new Tasks(table);
        docs = new TaskDocuments(table);
        mysql = SharedServers.get(Flavor.MYSQL_80);
        db = mysql.createDatabase("fn");
        mysql.executeIn(db, "CREATE TABLE t (id INT PRIMARY KEY)");
    }

    @AfterAll
    void stop() {
        table.client().close();
        dynamo.close();
    }

    private EndpointSpec endpoint(String user, String password) throws Exception {
        Path f = Files.createTempFile("sluice-pw", ".txt");
        f.toFile().deleteOnExit();
        Files.writeString(f, password);
        return new EndpointSpec(mysql.host(), mysql.port(), user, "file:" + f, TlsMode.PREFERRED, 5);
    }

    private TaskSpec spec(EndpointSpec source, String database) throws Exception {
        return new TaskSpec("fn", source, endpoint(mysql.rootUser(), mysql.rootPassword()),
                EnumSet.allOf(MigrationType.class), List.of(new ObjectSelection(database, null, null, null)),
                new NameMapping(Map.of(database, database + "_dst"), Map.of(), Map.of()), null, null);
    }

    private ConnectivityTestFunction connectivity() {
        ConnectivityTestFunction f = new ConnectivityTestFunction();
        f.tasks = tasks;
        f.documents = docs;
        return f;
    }

    private PrecheckFunction precheck() {
        PrecheckFunction f = new PrecheckFunction();
        f.tasks = tasks;
        f.documents = docs;
        return f;
    }

    @Test
    void passingTaskAdvancesThroughConnectivityAndPrecheck() throws Exception {
        DbUser u = mysql.createUser(TestNames.unique("fn"), PASSWORD, "SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON `"
                + db + "`.*", "REPLICATION SLAVE, REPLICATION CLIENT, SHOW_ROUTINE ON *.*");
        String id = tasks.create(spec(endpoint(u.name(), PASSWORD), db)).id();
        ConnectivityTestFunction.Result c = connectivity().connectivityTest(new TaskRef(id));
        assertTrue(c.ok, c.summary);
        assertTrue(c.summary.contains("source " + mysql.host() + ":" + mysql.port() + ": ok, MySQL 8.0.31"), c.summary);
        assertEquals(Phase.PRECHECK, tasks.require(id).phase());
        JsonNode stored = docs.get(id, "CONNECTIVITY").orElseThrow();
        assertEquals(2, stored.get("endpoints").size());

        PrecheckFunction.Result p = precheck().precheck(new TaskRef(id));
        assertTrue(p.passed, p.summary);
        assertTrue(p.summary.startsWith("precheck passed: 0 failed"), p.summary);
        assertEquals(Phase.SCHEMA, tasks.require(id).phase());
        JsonNode report = docs.get(id, "PRECHECK").orElseThrow();
        assertTrue(report.get("passed").asBoolean());
        assertTrue(report.get("results").size() > 30, report.toString());
        assertFalse(report.toString().contains(PASSWORD));
    }

    @Test
    void failingPrecheckIsAnOutputAndKeepsThePhase() throws Exception {
        String id = tasks.create(spec(endpoint(mysql.rootUser(), mysql.rootPassword()), "no_such_db_fn")).id();
        tasks.setPhase(id, Phase.PRECHECK);
        PrecheckFunction.Result p = precheck().precheck(new TaskRef(id));
        assertFalse(p.passed);
        assertTrue(p.summary.contains("first failure: objects.missing: database no_such_db_fn does not exist"),
                p.summary);
        assertEquals(Phase.PRECHECK, tasks.require(id).phase());
        assertFalse(docs.get(id, "PRECHECK").orElseThrow().get("passed").asBoolean());
    }

    @Test
    void wrongPasswordFailsConnectivityWithoutLeakingIt() throws Exception {
        DbUser u = mysql.createUser(TestNames.unique("fw"), "Right-" + PASSWORD, "SELECT ON *.*");
        String id = tasks.create(spec(endpoint(u.name(), PASSWORD), db)).id();
        ConnectivityTestFunction.Result c = connectivity().connectivityTest(new TaskRef(id));
        assertFalse(c.ok);
        assertTrue(c.summary.contains("wrong user or password"), c.summary);
        assertFalse(c.summary.contains(PASSWORD));
        assertFalse(docs.get(id, "CONNECTIVITY").orElseThrow().toString().contains(PASSWORD));
        assertEquals(Phase.CONNECTIVITY, tasks.require(id).phase());
    }
}
