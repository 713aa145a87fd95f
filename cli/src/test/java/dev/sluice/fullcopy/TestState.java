package dev.sluice.fullcopy;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.testing.TestNames;
import java.nio.file.Path;
import java.util.Optional;

/** A state table on an embedded DynamoDB for engine tests (in memory, or on disk for the kill test). */
final class TestState implements AutoCloseable {
    final EmbeddedDynamoDb dynamo;
    final StateTable table;
    final Tasks tasks;
    final TaskDocuments docs;

    private TestState(EmbeddedDynamoDb dynamo, String tableName) {
        this.dynamo = dynamo;
        this.table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()), "us-east-1"),
                tableName);
        table.ensureExists();
        this.tasks = new Tasks(table);
        this.docs = new TaskDocuments(table);
    }

    static TestState inMemory() {
        return new TestState(EmbeddedDynamoDb.start(null, "127.0.0.1", 0), TestNames.unique("state"));
    }

    static TestState onDisk(Path dir, String tableName) {
        return new TestState(EmbeddedDynamoDb.start(dir, "127.0.0.1", 0), tableName);
    }

    @Override
    public void close() {
        table.client().close();
        dynamo.close();
    }
}
