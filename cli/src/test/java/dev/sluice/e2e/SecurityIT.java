package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.local.SluiceHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Attacks on a running 'sluice serve', each of which must fail: a web page's cross-origin text/plain POST, a
 * DNS-rebinding Host header, no token, a wrong token, a spent login link, a console session of an earlier process,
 * unsigned or wrongly signed calls to the state store and the Step Functions API, a task whose password reference
 * would make the server read one of its own files.
 */
class SecurityIT {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void attacksOnTheLocalPlatformFail() throws Exception {
        Path home = work.resolve("home");
        Map<String, String> env = Map.of("SLUICE_HOME", home.toString());
        SluiceHome sluiceHome = SluiceHome.resolve(home.toString());
        Path log1 = work.resolve("serve-1.log");
        String staleCookie;
        SluiceApp app = SluiceApp.launch(log1, env, "serve", "--port", "0");
        try {
            SluiceHome.Daemon d = SluiceApp.awaitDaemon(sluiceHome, app, Duration.ofMinutes(2));
            String api = d.apiEndpoint();
            Path tokenFile = home.resolve("token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            String token = Files.readString(tokenFile).strip();

            // no token, a wrong token
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                    .header("Authorization", "Bearer " + token + "x")).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(api + "/"))).statusCode(), "console without login");
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                    .header("Authorization", "Bearer " + token)).statusCode());

            // the one-time login link opens a console session, once
            String link = SluiceApp.awaitLoginLink(log1);
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(link)));
            assertEquals(303, login.statusCode(), login.body());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
            String cookie = setCookie.split(";", 2)[0];
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(api + "/")).header("Cookie", cookie)).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(link))).statusCode(), "a login link works once");
            staleCookie = cookie;

            // a web page's "simple" cross-origin request, carrying the session cookie as a browser would
            String task = "{\"name\": \"evil\", \"source\": {\"host\": \"127.0.0.1\", \"user\": \"u\", \"password\": "
                    + "\"file:/etc/passwd\"}, \"destination\": {\"host\": \"127.0.0.1\", \"user\": \"u\"}, "
                    + "\"types\": [\"full\"], \"objects\": [{\"database\": \"x\"}]}";
            HttpResponse<String> csrf = send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                    .header("Cookie", cookie).header("Origin", "http://evil.example")
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(task)));
            assertEquals(403, csrf.statusCode(), csrf.body());
            HttpResponse<String> textPlain = send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                    .header("Cookie", cookie).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(task)));
            assertEquals(415, textPlain.statusCode(), textPlain.body());
            assertFalse(csrf.headers().firstValue("Access-Control-Allow-Origin").isPresent());

            // a DNS-rebinding page: right address, its own host name
            URI u = URI.create(api);
            try (java.net.Socket sock = new java.net.Socket(u.getHost(), u.getPort())) {
                sock.getOutputStream().write(("GET /api/tasks HTTP/1.1\r\nHost: evil.example:" + u.getPort()
                        + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
                assertFalse(answer.contains("taskId"), answer);
            }

            // an authenticated JSON request whose password would be read from the server's own files
            HttpResponse<String> fileRef = send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(task)));
            assertEquals(400, fileRef.statusCode(), fileRef.body());
            assertTrue(fileRef.body().contains("--allow-secret-ref"), fileRef.body());
            HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                    .header("Authorization", "Bearer " + token));
            assertEquals("[]", list.body().strip(), "no attack created a task");

            // the state store and the Step Functions API: SigV4 with the token as the secret key, nothing else
            HttpResponse<String> unsigned = send(HttpRequest.newBuilder(URI.create(d.dynamoEndpoint()))
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .header("Content-Type", "application/x-amz-json-1.0").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(401, unsigned.statusCode(), unsigned.body());
            try (DynamoDbClient wrong = dynamo(d, "not-the-token"); DynamoDbClient right = dynamo(d, token)) {
                SdkServiceException e = assertThrows(SdkServiceException.class, wrong::listTables);
                assertEquals(401, e.statusCode());
                assertTrue(right.listTables().tableNames().contains("sluice-state"));
            }
            try (SfnClient wrong = sfn(d, "not-the-token"); SfnClient right = sfn(d, token)) {
                SdkServiceException e = assertThrows(SdkServiceException.class, wrong::listStateMachines);
                assertEquals(401, e.statusCode());
                assertEquals(1, right.listStateMachines().stateMachines().size());
            }
        } finally {
            app.close();
        }

        // a console session of an earlier 'serve' is stale
        SluiceApp again = SluiceApp.launch(work.resolve("serve-2.log"), env, "serve", "--port", "0");
        try {
            SluiceHome.Daemon d = SluiceApp.awaitDaemon(sluiceHome, again, Duration.ofMinutes(2));
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(d.apiEndpoint() + "/api/tasks"))
                    .header("Cookie", staleCookie)).statusCode());
        } finally {
            again.close();
        }

        // --bind beyond loopback without TLS is refused
        SluiceApp.Result open = SluiceApp.run(work, env, Duration.ofMinutes(1), "serve", "--port", "0", "--bind", "0.0.0.0");
        assertEquals(2, open.exit(), open.output());
        assertTrue(open.output().contains("--tls-cert"), open.output());
    }

    private static DynamoDbClient dynamo(SluiceHome.Daemon d, String secret) {
        return DynamoDbClient.builder().endpointOverride(URI.create(d.dynamoEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sluice", secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static SfnClient sfn(SluiceHome.Daemon d, String secret) {
        return SfnClient.builder().endpointOverride(URI.create(d.sfnEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sluice", secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
