package dev.sluice.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * AWS SDK clients pointed at the local endpoints, signing with the home's token as the secret access key (the
 * local endpoints verify the signature, {@link SigV4Authenticator}).
 */
final class Clients {
    static final Region LOCAL_REGION = Region.US_EAST_1;

    private Clients() {
    }

    /** The credentials of the local endpoints: access key id {@code sluice}, secret access key = the token. */
    static StaticCredentialsProvider credentials(String token) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("sluice", token));
    }

    static SfnClient sfn(String endpoint, String token) {
        return SfnClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(LOCAL_REGION)
                .credentialsProvider(credentials(token))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
