package dev.sluice.incremental;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import java.nio.file.Path;
import java.util.Optional;

/** An embedded, on-disk DynamoDB with the state table, for replication tests; close it after the class. */
final class StateFixture implements AutoCloseable {
    final EmbeddedDynamoDb dynamo;
    final StateTable table;
    final Tasks tasks;
    final TaskDocuments documents;

    StateFixture(Path dir) {
        dynamo = EmbeddedDynamoDb.start(dir, "127.0.0.1", 0);
        table = connect(dynamo.endpoint().toString());
        table.ensureExists();
        tasks = new Tasks(table);
        documents = new TaskDocuments(table);
    }

    static StateTable connect(String endpoint) {
        return new StateTable(StateBeans.dynamoDb(Optional.of(endpoint), "us-east-1"), "sluice-state");
    }

    String endpoint() {
        return dynamo.endpoint().toString();
    }

    String createTask(TaskSpec spec) {
        return tasks.create(spec).id();
    }

    ReplicationState state(String taskId) {
        return new StateTableReplicationState(taskId, tasks, documents, table);
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
