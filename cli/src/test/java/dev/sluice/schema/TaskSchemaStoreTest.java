package dev.sluice.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema store on the embedded DynamoDB: reports and the pre-existing objects survive a round trip. */
class TaskSchemaStoreTest {
    @Test
    void reportsAndPreexistingObjectsRoundTrip() {
        try (EmbeddedDynamoDb ddb = EmbeddedDynamoDb.start(null, "127.0.0.1", 0)) {
            StateTable table = new StateTable(StateBeans.dynamoDb(Optional.of(ddb.endpoint().toString()), "us-east-1"),
                    "schema-store-test");
            table.ensureExists();
            TaskDocuments docs = new TaskDocuments(table);
            TaskSchemaStore store = new TaskSchemaStore(docs, "task-1");
            assertTrue(store.preexisting().isEmpty());
            store.savePreexisting(Set.of("relation shop.t", "view shop.v"));
            assertEquals(Set.of("relation shop.t", "view shop.v"), store.preexisting().orElseThrow());

            SchemaReport report = new SchemaReport("shop", "shop2", "MySQL 5.7.22", "MySQL 8.0.31",
                    Map.of("table", 2, "view", 1), List.of(),
                    List.of(new SchemaChange("table shop.t", "utf8", "utf8mb3", "alias")),
                    List.of(new SchemaChange("view shop.v", "", "not created", "refused")), false);
            store.saveReport(report);
            store.saveReport(report.merge(Map.of("index", 3), List.of(), List.of(), List.of(), true));
            SchemaReport back = store.report("shop").orElseThrow();
            assertEquals(3, back.created().get("index"));
            assertEquals(2, back.created().get("table"));
            assertTrue(back.finished());
            assertEquals(report.changes(), back.changes());
            List<SchemaReport> all = TaskSchemaStore.reports(docs, "task-1");
            assertEquals(1, all.size());
            String printed = SchemaReport.toTable(all);
            assertTrue(printed.contains("shop -> shop2 (MySQL 5.7.22 -> MySQL 8.0.31): 3 indexes, 2 tables, 1 view created; finished"),
                    printed);
            assertTrue(printed.contains("Problems (need a DBA's look)") && printed.contains("refused"), printed);
        }
    }
}
