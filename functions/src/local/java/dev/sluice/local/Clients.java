package dev.sluice.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** AWS SDK clients pointed at the local endpoints (placeholder credentials; the local services ignore them). */
final class Clients {
    static final Region LOCAL_REGION = Region.US_EAST_1;

    private Clients() {
    }

    static SfnClient sfn(String endpoint) {
        return SfnClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
