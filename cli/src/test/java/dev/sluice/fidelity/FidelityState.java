package dev.sluice.fidelity;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state table of a fidelity run on an embedded DynamoDB: in memory, or on disk so that a killed child process
 * and the next one share it (the child connects to the parent's endpoint).
 */
final class FidelityState implements AutoCloseable {
    static final String TABLE = "sluice-state";

    private final EmbeddedDynamoDb dynamo;
    final StateTable table;
    final Tasks tasks;
    final TaskDocuments docs;

    private FidelityState(EmbeddedDynamoDb dynamo, StateTable table) {
        this.dynamo = dynamo;
        this.table = table;
        this.tasks = new Tasks(table);
        this.docs = new TaskDocuments(table);
    }

    /** Starts an embedded DynamoDB ({@code dir} null: in memory) with the state table. */
    static FidelityState start(Path dir) {
        EmbeddedDynamoDb d = EmbeddedDynamoDb.start(dir, "127.0.0.1", 0);
        FidelityState s = new FidelityState(d, connectTable(d.endpoint().toString()));
        s.table.ensureExists();
        return s;
    }

    /** A client of a state table served by another process (no server of its own). */
    static FidelityState connect(String endpoint) {
        return new FidelityState(null, connectTable(endpoint));
    }

    private static StateTable connectTable(String endpoint) {
        return new StateTable(StateBeans.dynamoDb(Optional.of(endpoint), "us-east-1"), TABLE);
    }

    String endpoint() {
        return dynamo.endpoint().toString();
    }

    @Override
    public void close() {
        table.client().close();
        if (dynamo != null) {
            dynamo.close();
        }
    }
}
