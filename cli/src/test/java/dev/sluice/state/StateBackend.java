package dev.sluice.state;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.testing.MotoServer;
import dev.sluice.testing.TestNames;
import java.util.Optional;

/**
 * The DynamoDB API implementations the state-store tests run against: the embedded store Sluice ships for local
 * mode, and moto_server as a second, independent implementation, so that behaviour where the embedded store and
 * DynamoDB disagree shows up as a failing test (moto is skipped, with the reason, when it is not installed).
 */
public enum StateBackend {
    EMBEDDED,
    MOTO;

    private static EmbeddedDynamoDb embedded;

    /** A new, empty state table (unique name) on this backend; close its client after the test. */
    public StateTable newTable() {
        String endpoint = switch (this) {
            case EMBEDDED -> embedded().endpoint().toString();
            case MOTO -> MotoServer.get().endpoint().toString();
        };
        StateTable t = new StateTable(StateBeans.dynamoDb(Optional.of(endpoint), "us-east-1"),
                TestNames.unique("state"));
        t.ensureExists();
        return t;
    }

    private static synchronized EmbeddedDynamoDb embedded() {
        if (embedded == null) {
            embedded = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
            EmbeddedDynamoDb e = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(e::close, "embedded-dynamodb-stop"));
        }
        return embedded;
    }
}
