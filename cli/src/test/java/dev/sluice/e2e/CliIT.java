package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built CLI as a user runs it: exit codes 0/1/2, messages that name what is wrong, help on every command. */
class CliIT {
    @TempDir
    Path work;

    private SluiceApp.Result sluice(String... args) throws Exception {
        return SluiceApp.run(work, Map.of("SLUICE_HOME", work.resolve("home").toString(),
                "CLI_IT_PASSWORD", "p4ss-w0rd-never-printed"), Duration.ofMinutes(2), args);
    }

    @Test
    void badTaskFileExitsTwoAndNamesTheField() throws Exception {
        Path f = work.resolve("bad.yaml");
        Files.writeString(f, """
                name: bad
                source: {host: 127.0.0.1, port: 99999, user: root, password: env:CLI_IT_PASSWORD}
                destination: {host: 127.0.0.1, user: root, pasword: env:CLI_IT_PASSWORD}
                types: [full, snapshot]
                objects: [{database: shop}]
                """);
        SluiceApp.Result r = sluice("validate", f.toString());
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("destination: unknown key 'pasword'"), r.output());
        SluiceApp.Result start = sluice("start", f.toString());
        assertEquals(2, start.exit(), "start must refuse the same file before creating a task: " + start.output());
    }

    @Test
    void goodTaskFileValidatesAndUnreachableEndpointFailsTheConnectivityTestWithExitOne() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path f = work.resolve("good.yaml");
        Files.writeString(f, """
                name: unreachable
                source: {host: 127.0.0.1, port: %d, user: root, password: env:CLI_IT_PASSWORD}
                destination: {host: no-such-host.invalid, user: root, password: env:CLI_IT_PASSWORD}
                types: [full]
                objects: [{database: shop}]
                """.formatted(closed));
        SluiceApp.Result v = sluice("validate", f.toString());
        assertEquals(0, v.exit(), v.output());
        SluiceApp.Result c = sluice("test-connection", f.toString());
        assertEquals(1, c.exit(), c.output());
        assertTrue(c.output().toLowerCase().contains("refused"), c.output());
        assertTrue(c.output().contains("no-such-host.invalid"), c.output());
        assertFalse(c.output().contains("p4ss-w0rd-never-printed"), "the password was printed:\n" + c.output());
    }

    @Test
    void unknownTaskIdExitsTwoAndSaysHowToFindIds() throws Exception {
        SluiceApp.Result r = sluice("status", "no-such-task-00000000");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("sluice list"), r.output());
    }

    @Test
    void everyCommandHasHelpAndUsageErrorsExitTwo() throws Exception {
        for (String cmd : new String[] {"validate", "test-connection", "precheck", "start", "status", "stop", "resume",
                "list", "throttle", "verify", "cutover", "serve"}) {
            SluiceApp.Result r = sluice(cmd, "--help");
            assertEquals(0, r.exit(), cmd + " --help: " + r.output());
            assertTrue(r.output().contains("Usage: sluice " + cmd), r.output());
        }
        assertEquals(2, sluice("start").exit(), "missing TASKFILE is a usage error");
        assertEquals(2, sluice("frobnicate").exit(), "unknown command is a usage error");
    }

    /** Regression (issue 16): 'sluice list' run elsewhere silently created an empty ./.sluice and showed nothing. */
    @Test
    void listWithoutAHomeSaysWhereItLookedAndCreatesNothing() throws Exception {
        SluiceApp.Result r = sluice("list");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("no Sluice home at " + work.resolve("home")), r.output());
        assertFalse(Files.exists(work.resolve("home")), "list created a home:\n" + r.output());
    }

    /**
     * Regression (issue 16): a busy port said "Address already in use" without the port, the Step Functions API
     * port could not be set, and the API answered 400 for an unknown task id.
     */
    @Test
    void serveNamesABusyPortTakesAFixedSfnPortAndAnswers404ForAnUnknownTask() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(busy.getLocalPort());
            SluiceApp.Result api = sluice("serve", "--port", port);
            assertEquals(1, api.exit(), api.output());
            assertTrue(api.output().contains("127.0.0.1:" + port) && api.output().contains("--port"), api.output());
            SluiceApp.Result sfn = sluice("serve", "--port", "0", "--sfn-port", port);
            assertEquals(1, sfn.exit(), sfn.output());
            assertTrue(sfn.output().contains("127.0.0.1:" + port) && sfn.output().contains("--sfn-port"), sfn.output());
        }
        int sfnPort;
        try (ServerSocket s = new ServerSocket(0)) {
            sfnPort = s.getLocalPort();
        }
        Path home = work.resolve("home");
        try (SluiceApp app = SluiceApp.launch(work.resolve("serve.log"), Map.of("SLUICE_HOME", home.toString()),
                "serve", "--port", "0", "--sfn-port", String.valueOf(sfnPort))) {
            var d = SluiceApp.awaitDaemon(new dev.sluice.local.SluiceHome(home), app, Duration.ofMinutes(2));
            assertEquals("http://127.0.0.1:" + sfnPort, d.sfnEndpoint());
            var resp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(d.apiEndpoint() + "/api/tasks/no-such-task-00000000")).GET()
                            .header("Authorization", "Bearer " + java.nio.file.Files.readString(home.resolve("token")).strip())
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, resp.statusCode(), resp.body());
            assertTrue(resp.body().contains("sluice list"), resp.body());
        }
    }
}
