package dev.sluice.state;

import dev.sluice.settings.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * CDI wiring of the state table: a DynamoDB client for AWS (default credentials and region) or, when
 * {@code sluice.dynamodb.endpoint} is set, for a local DynamoDB-compatible endpoint.
 */
@ApplicationScoped
public class StateBeans {
    final String tableName = Settings.STATE_TABLE.string("sluice-state");
    final Optional<String> endpoint = Settings.DYNAMODB_ENDPOINT.value();
    final String region = Settings.AWS_REGION.string("us-east-1");

    /** Set by the local platform before first use: the endpoint of the embedded store it started. */
    private static volatile String localEndpoint;
    private static volatile AwsCredentialsProvider localCredentials;

    /**
     * Points the state table of this process at a local DynamoDB-compatible endpoint (local mode) that accepts
     * requests signed with {@code credentials}.
     */
    public static void useLocalEndpoint(String endpointUri, AwsCredentialsProvider credentials) {
        localEndpoint = endpointUri;
        localCredentials = credentials;
    }

    @Produces
    @ApplicationScoped
    public StateTable stateTable() {
        if (localEndpoint != null) {
            return new StateTable(dynamoDb(Optional.of(localEndpoint), region, localCredentials), tableName);
        }
        return new StateTable(dynamoDb(endpoint, region), tableName);
    }

    @Produces
    @ApplicationScoped
    public Tasks tasks(StateTable table) {
        return new Tasks(table);
    }

    @Produces
    @ApplicationScoped
    public TaskDocuments documents(StateTable table) {
        return new TaskDocuments(table);
    }

    /**
     * A DynamoDB client for AWS or, with an endpoint, for a local DynamoDB-compatible server that takes any
     * credentials (a test's private store).
     */
    public static DynamoDbClient dynamoDb(Optional<String> endpoint, String region) {
        return dynamoDb(endpoint, region, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    /** As above; a local endpoint is called with {@code localCredentials}. */
    public static DynamoDbClient dynamoDb(Optional<String> endpoint, String region,
                                          AwsCredentialsProvider localCredentials) {
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        Optional<String> envRegion = Settings.awsRegion();
        b.region(Region.of(envRegion.isPresent() && endpoint.isEmpty() ? envRegion.get() : region));
        if (endpoint.isPresent()) {
            b.endpointOverride(URI.create(endpoint.get()))
                    .credentialsProvider(localCredentials);
        } else {
            b.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return b.build();
    }
}
