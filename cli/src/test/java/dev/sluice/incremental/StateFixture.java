package dev.sluice.incremental;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/** An embedded, on-disk DynamoDB with the state table, for replication tests; close it after the class. */
final class StateFixture implements AutoCloseable {
    final EmbeddedDynamoDb dynamo;
    final StateTable table;
    final Tasks tasks;
    final TaskDocuments documents;
    /** The temporary directory this fixture made and deletes on close (null when the caller owns the files). */
    private final Path tempDir;

    StateFixture(Path dir) {
        this(dir, null);
    }

    private StateFixture(Path dir, Path tempDir) {
        this.tempDir = tempDir;
        dynamo = EmbeddedDynamoDb.start(dir, "127.0.0.1", 0);
        table = connect(dynamo.endpoint().toString());
        table.ensureExists();
        tasks = new Tasks(table);
        documents = new TaskDocuments(table);
    }

    /**
     * A state table under a new temporary directory named after {@code prefix}; the test may keep its own files
     * (password file, logs) in {@link #dir()}, and {@link #close()} deletes the whole directory.
     */
    static StateFixture inTempDir(String prefix) throws IOException {
        Path tmp = Files.createTempDirectory(prefix);
        return new StateFixture(tmp.resolve("dynamo"), tmp);
    }

    /** The temporary directory of {@link #inTempDir(String)}. */
    Path dir() {
        return tempDir;
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
        if (tempDir != null) {
            try (var files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + tempDir, e);
            }
        }
    }
}
