package dev.sluice.workflow;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** AWS SDK clients pointed at local endpoints (embedded DynamoDB, the runner's HTTP API). */
final class Clients {
    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("local", "local"));

    private Clients() {
    }

    static DynamoDbClient dynamo(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static SfnClient sfn(int port) {
        return SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(CREDS).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
