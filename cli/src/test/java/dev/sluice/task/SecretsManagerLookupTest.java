package dev.sluice.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.connectivity.ConnectivityTester;
import dev.sluice.connectivity.EndpointReport;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbUser;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.MotoServer;
import dev.sluice.testing.SharedServers;
import dev.sluice.testing.TestNames;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Password references that are Secrets Manager ARNs, resolved through the real AWS SDK v2 client against
 * moto_server (a local Secrets Manager endpoint): plain and JSON secrets, the errors, the cache, and the whole path
 * from a task's endpoint to a MySQL login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsManagerLookupTest {
    private MotoServer moto;
    private SecretsManagerClient admin;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    void start() {
        moto = MotoServer.get();
        admin = client(Region.US_EAST_1);
        // the default wiring (SecretRef -> SecretsManagerLookup.shared()) takes the endpoint and credentials from
        // system properties, as a user would with -Dsluice.aws.endpoint and the SDK's credential chain
        System.setProperty("sluice.aws.endpoint", moto.endpoint().toString());
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    void stop() {
        System.clearProperty("sluice.aws.endpoint");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (admin != null) {
            admin.close();
        }
    }

    private SecretsManagerClient client(Region region) {
        return SecretsManagerClient.builder().region(region).endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private String secret(String value) {
        return admin.createSecret(b -> b.name("sluice/" + TestNames.unique("pw")).secretString(value)).arn();
    }

    private SecretsManagerLookup lookup(Duration cache, AtomicLong clock) {
        return new SecretsManagerLookup(r -> {
            calls.incrementAndGet();
            return client(r);
        }, cache, clock::get);
    }

    private IllegalStateException refused(String arn) {
        return assertThrows(IllegalStateException.class, () -> lookup(Duration.ZERO, new AtomicLong()).password(arn));
    }

    @Test
    void plainTextSecretIsThePassword() {
        String arn = secret("plain-Pw-4417\n");
        assertEquals("plain-Pw-4417", lookup(Duration.ZERO, new AtomicLong()).password(arn));
    }

    @Test
    void jsonSecretGivesItsPasswordField() {
        String arn = secret("{\"username\":\"sluice\",\"password\":\"json-Pw-{8}\",\"host\":\"db\"}");
        assertEquals("json-Pw-{8}", lookup(Duration.ZERO, new AtomicLong()).password(arn));
    }

    @Test
    void jsonWithoutPasswordFieldNamesTheFieldsButNoValue() {
        String arn = secret("{\"username\":\"sluice\",\"pass\":\"Hidden-Value-91\"}");
        IllegalStateException e = refused(arn);
        assertTrue(e.getMessage().contains("without a \"password\" field (its fields: username, pass)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(arn), e.getMessage());
        assertFalse(e.getMessage().contains("Hidden-Value-91"), "the error must not show the secret");
    }

    @Test
    void nonStringPasswordFieldIsRefused() {
        String arn = secret("{\"password\": 9876501}");
        IllegalStateException e = refused(arn);
        assertTrue(e.getMessage().contains("is not a string (NUMBER)"), e.getMessage());
        assertFalse(e.getMessage().contains("9876501"));
    }

    @Test
    void binarySecretIsRefused() {
        String arn = admin.createSecret(b -> b.name("sluice/" + TestNames.unique("bin"))
                .secretBinary(SdkBytes.fromUtf8String("bin-Pw"))).arn();
        IllegalStateException e = refused(arn);
        assertTrue(e.getMessage().contains("holds binary data"), e.getMessage());
    }

    @Test
    void missingSecretSaysSo() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sluice/never-created-AbCdEf";
        IllegalStateException e = refused(arn);
        assertTrue(e.getMessage().contains("has no such secret in us-east-1"), e.getMessage());
    }

    @Test
    void malformedArnIsRefusedBeforeAnyCall() {
        IllegalStateException e = refused("arn:aws:secretsmanager:us-east-1:123");
        assertTrue(e.getMessage().contains("not a Secrets Manager secret ARN"), e.getMessage());
    }

    @Test
    void valuesAreCachedUntilTheCacheTimePasses() {
        String arn = secret("first-Pw");
        AtomicLong clock = new AtomicLong();
        SecretsManagerLookup l = lookup(Duration.ofMinutes(5), clock);
        assertEquals("first-Pw", l.password(arn));
        admin.putSecretValue(b -> b.secretId(arn).secretString("rotated-Pw"));
        clock.addAndGet(Duration.ofMinutes(4).toNanos());
        assertEquals("first-Pw", l.password(arn), "within the cache time the cached value is used");
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        assertEquals("rotated-Pw", l.password(arn), "after the cache time the secret is read again");
        admin.putSecretValue(b -> b.secretId(arn).secretString("rotated-again-Pw"));
        l.forget(arn);
        assertEquals("rotated-again-Pw", l.password(arn), "forget drops the cached value");
    }

    @Test
    void secretInAnotherRegionIsReadWithAClientOfThatRegion() {
        SecretsManagerClient west = client(Region.EU_WEST_1);
        try {
            String arn = west.createSecret(b -> b.name("sluice/" + TestNames.unique("west")).secretString("west-Pw"))
                    .arn();
            assertTrue(arn.contains(":eu-west-1:"), arn);
            assertEquals("west-Pw", lookup(Duration.ZERO, new AtomicLong()).password(arn));
        } finally {
            west.close();
        }
    }

    /**
     * Regression: a Secrets Manager ARN as password never worked ("Secrets Manager is not available in this
     * build"; the lookup had no caller). Seen failing before the fix. Now a MySQL login with the password from a
     * JSON secret succeeds through SecretRef, as 'sluice test-connection' and every phase do it.
     */
    @Test
    void secretsManagerPasswordLogsIntoMysql() {
        DbServer mysql = SharedServers.get(Flavor.MYSQL_80);
        DbUser user = mysql.createUser(TestNames.unique("sm"), "Sm-Login-Pw-5521", "SELECT ON *.*");
        String arn = secret("{\"username\":\"" + user.name() + "\",\"password\":\"Sm-Login-Pw-5521\"}");
        assertTrue(SecretRef.isReference(arn));
        assertEquals("Sm-Login-Pw-5521", SecretRef.resolve(arn));
        EndpointReport r = new ConnectivityTester().test("source",
                new EndpointSpec(mysql.host(), mysql.port(), user.name(), arn, TlsMode.PREFERRED, 5));
        assertTrue(r.ok(), r.summary());
    }
}
