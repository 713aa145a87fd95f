package dev.sluice.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.failure.RetriableException;
import dev.sluice.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Database passwords kept in AWS Secrets Manager, for password references that are secret ARNs
 * ({@code arn:aws:secretsmanager:<region>:<account>:secret:<name>}). The secret is either the password as plain
 * text or a JSON object whose {@code password} field holds it (the layout of RDS-managed and rotated secrets).
 * Values are cached per ARN for {@code SLUICE_SECRETS_CACHE_SECONDS} (default 300), so a task's many connections
 * cost one Secrets Manager call per function container and a rotated password is picked up within minutes.
 * The client is the AWS SDK v2 one of the secret's region with the default credentials; the endpoint can be
 * overridden with {@code -Dsluice.aws.endpoint=URL} or the SDK's {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}.
 * Errors name the ARN and what to do, never the secret.
 */
public final class SecretsManagerLookup {
    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile SecretsManagerLookup shared;

    private final Function<Region, SecretsManagerClient> clientFactory;
    private final Map<Region, SecretsManagerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final long cacheNanos;
    private final LongSupplier clock;

    private record Cached(String password, long fetchedAtNanos) {
    }

    public SecretsManagerLookup(Function<Region, SecretsManagerClient> clientFactory, Duration cacheFor,
                                LongSupplier nanoClock) {
        this.clientFactory = clientFactory;
        this.cacheNanos = cacheFor.toNanos();
        this.clock = nanoClock;
    }

    /** The process-wide lookup: default credentials, the ARN's region, the cache time from the environment. */
    public static SecretsManagerLookup shared() {
        SecretsManagerLookup s = shared;
        if (s == null) {
            synchronized (SecretsManagerLookup.class) {
                if (shared == null) {
                    shared = new SecretsManagerLookup(SecretsManagerLookup::defaultClient, cacheTime(),
                            System::nanoTime);
                }
                s = shared;
            }
        }
        return s;
    }

    private static Duration cacheTime() {
        return Duration.ofSeconds(Settings.SECRETS_CACHE_SECONDS.longValue(DEFAULT_CACHE.toSeconds()));
    }

    private static SecretsManagerClient defaultClient(Region region) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().region(region)
                .httpClient(UrlConnectionHttpClient.create());
        Settings.AWS_ENDPOINT.value().ifPresent(endpoint -> b.endpointOverride(URI.create(endpoint)));
        return b.build();
    }

    /** The password the secret {@code arn} holds (from the cache while it is fresh). */
    public String password(String arn) {
        Cached c = cache.get(arn);
        long now = clock.getAsLong();
        if (c != null && now - c.fetchedAtNanos() < cacheNanos) {
            return c.password();
        }
        String password = fetch(arn);
        if (cacheNanos > 0) {
            cache.put(arn, new Cached(password, now));
        }
        return password;
    }

    /** Drops the cached value of {@code arn} (after a login failure, say: the secret may have been rotated). */
    public void forget(String arn) {
        cache.remove(arn);
    }

    private String fetch(String arn) {
        Region region = region(arn);
        GetSecretValueResponse r;
        try {
            r = clients.computeIfAbsent(region, clientFactory).getSecretValue(b -> b.secretId(arn));
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("password " + arn + ": Secrets Manager has no such secret in "
                    + region + " (or it is scheduled for deletion); check the ARN in the task file");
        } catch (SecretsManagerException e) {
            throw serviceError(arn, e);
        } catch (SdkClientException e) {
            throw new RetriableException("password " + arn + ": cannot reach Secrets Manager in " + region + " ("
                    + e.getMessage() + "); in a VPC without a NAT gateway the functions need a Secrets Manager "
                    + "endpoint (docs/aws.md)", e);
        } catch (SdkException e) {
            throw new IllegalStateException("password " + arn + ": Secrets Manager failed: " + e.getMessage(), e);
        }
        if (r.secretString() == null) {
            throw new IllegalStateException("password " + arn + ": the secret holds binary data; store the "
                    + "password as text, or as JSON with a \"password\" field");
        }
        return passwordIn(arn, r.secretString());
    }

    private static RuntimeException serviceError(String arn, SecretsManagerException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String detail = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
            return new IllegalStateException("password " + arn + ": access denied by Secrets Manager (" + detail
                    + "); the role running Sluice needs secretsmanager:GetSecretValue on this secret: deploy the "
                    + "stack with its ARN in SecretArns, or name the secret sluice/...");
        }
        if ("DecryptionFailure".equals(code) || "DecryptionFailureException".equals(code)) {
            return new IllegalStateException("password " + arn + ": Secrets Manager cannot decrypt the secret ("
                    + detail + "); the role running Sluice needs kms:Decrypt on the secret's KMS key: deploy the "
                    + "stack with the key's ARN in SecretsKmsKeyArn");
        }
        if (e.isThrottlingException() || e.statusCode() >= 500) {
            return new RetriableException("password " + arn + ": Secrets Manager is unavailable or throttling ("
                    + detail + "); retrying", e);
        }
        return new IllegalStateException("password " + arn + ": Secrets Manager refused the request: " + code
                + " (" + detail + ")", e);
    }

    /** Plain text is the password; a JSON object must carry it in its {@code password} field. */
    static String passwordIn(String arn, String secret) {
        String text = secret.strip();
        JsonNode json = null;
        if (text.startsWith("{")) {
            try {
                json = JSON.readTree(text);
            } catch (java.io.IOException notJson) {
                json = null; // a plain-text password that starts with '{'
            }
        }
        if (json == null || !json.isObject()) {
            if (text.isEmpty()) {
                throw new IllegalStateException("password " + arn + ": the secret is empty; store the password");
            }
            return text;
        }
        JsonNode p = json.get("password");
        if (p == null || p.isNull()) {
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            throw new IllegalStateException("password " + arn + ": the secret is a JSON object without a "
                    + "\"password\" field (its fields: " + String.join(", ", fields) + "); add one, or store "
                    + "the password as plain text");
        }
        if (!p.isTextual() || p.asText().isEmpty()) {
            throw new IllegalStateException("password " + arn + ": the \"password\" field of the secret is "
                    + (p.isTextual() ? "empty" : "not a string (" + p.getNodeType() + ")")
                    + "; store the password as a JSON string");
        }
        return p.asText();
    }

    /** The region field of an ARN {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}. */
    static Region region(String arn) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || !parts[2].equals("secretsmanager") || parts[3].isEmpty()
                || !parts[5].equals("secret")) {
            throw new IllegalStateException("password " + arn + ": not a Secrets Manager secret ARN; expected "
                    + "arn:aws:secretsmanager:<region>:<account>:secret:<name>");
        }
        return Region.of(parts[3]);
    }
}
