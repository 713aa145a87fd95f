package dev.sluice.cli;

import dev.sluice.db.PemFiles;
import dev.sluice.local.LocalPlatform;
import dev.sluice.local.SluiceHome;
import dev.sluice.task.HandedSecrets;
import io.quarkus.runtime.Quarkus;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice serve}: runs the local platform in the background of this process (state store, Step Functions
 * runner and API, task HTTP API and console) until stopped; other CLI commands attach to it. Every endpoint asks
 * for the home's token (docs/security.md); the console is opened through a one-time login link.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the local platform: state store, Step Functions runner (its API for SfnClient and "
                + "'aws stepfunctions --endpoint-url'), the task HTTP API (JSON) and a console page.",
                "Every endpoint asks for the token in <home>/token (docs/security.md); the console opens through "
                        + "the one-time login link printed here.",
                "Executions left running by a killed process resume here."})
public class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8642", description = "Port of the task API and console (default 8642; 0 = any).")
    int port;

    @Option(names = "--sfn-port", defaultValue = "0", description = "Port of the Step Functions API on 127.0.0.1 "
            + "(default 0 = any free port; set it for a stable 'aws stepfunctions --endpoint-url').")
    int sfnPort;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address of the task API and console "
            + "(default 127.0.0.1). Any other than loopback needs --tls-cert and --tls-key.")
    String bind;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate (chain) of the task API: serve it over HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Unencrypted PKCS#8 private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--allow-host", paramLabel = "NAME", description = "Another host name browsers and clients may "
            + "use for the API (Host header), e.g. the machine's DNS name; loopback names and --bind always work.")
    List<String> allowHosts = List.of();

    @Option(names = "--allow-secret-ref", paramLabel = "REF", description = "A password reference (env:VAR, "
            + "file:PATH; a trailing * matches a prefix) that tasks sent to the HTTP API may use; by default the API "
            + "resolves none of them in this process's environment ('sluice start' and Secrets Manager ARNs are "
            + "not affected).")
    List<String> allowSecretRefs = List.of();

    @Option(names = "--alert-webhook", paramLabel = "URL", description = "POST a JSON alert to this URL when a task "
            + "fails, when it starts retrying a failure, recovers from it or spends its retry window, when its "
            + "replication delay goes above --alert-delay-seconds, and when it is ready to cut over.")
    java.net.URI alertWebhook;

    @Option(names = "--alert-delay-seconds", defaultValue = "300", paramLabel = "S", description = "Replication "
            + "delay that raises an alert (default 300).")
    double alertDelaySeconds;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        SluiceHome home = common.home();
        SSLContext tls = tls();
        if (tls == null && !InetAddress.getByName(bind).isLoopbackAddress()) {
            throw new IllegalArgumentException("--bind " + bind + " exposes the task API beyond this "
                    + "machine: give --tls-cert and --tls-key so the token and the tasks travel encrypted");
        }
        home.runningDaemon().ifPresent(d -> {
            throw new IllegalStateException("Sluice is already serving this home (pid " + d.pid() + ", API "
                    + d.apiEndpoint() + "); stop it first or use another --home");
        });
        Set<String> hosts = new LinkedHashSet<>(allowHosts);
        hosts.add(bind);
        ApiGuard guard = new ApiGuard(home.token(), hosts, allowSecretRefs,
                new ConsoleSessions(ConsoleSessions.SESSION_TTL, Clock.systemUTC()), tls != null);
        // before the platform starts: it resumes interrupted executions, which must not resolve env:/file: here
        HandedSecrets.install(new HandedSecrets(guard::mayResolve));
        try (LocalPlatform platform = LocalPlatform.start(home, sfnPort);
             ApiServer api = ApiServer.start(platform, bind, port, tls, guard);
             AlertHook alerts = alertWebhook == null ? null
                     : new AlertHook(platform.control(), alertWebhook, alertDelaySeconds).start(java.time.Duration.ofSeconds(5))) {
            platform.announceApi(api.endpoint());
            System.out.println("Sluice is serving " + home.dir());
            System.out.println("  task API and console: " + api.endpoint() + " (token: " + home.dir().resolve("token") + ")");
            System.out.println("  console login (one-time link): " + api.loginLink());
            System.out.println("  Step Functions API:   " + home.runningDaemon().orElseThrow().sfnEndpoint()
                    + " (SigV4: access key 'sluice', secret key = the token)");
            System.out.println("  state machine:        " + home.runningDaemon().orElseThrow().stateMachineArn());
            if (alerts != null) {
                System.out.println("  alerts:               " + AlertHook.redacted(alertWebhook) + " (task failed, retrying, recovered, "
                        + "retry window spent, delay above "
                        + alertDelaySeconds + " s, ready to cut over)");
            }
            System.out.println("  metrics:              " + api.endpoint() + "/metrics (Prometheus; bearer token)");
            System.out.println("Press Ctrl-C to stop (running tasks resume at the next start).");
            Quarkus.waitForExit();
            return ExitCode.OK;
        }
    }

    private SSLContext tls() throws Exception {
        if (tlsCert == null && tlsKey == null) {
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        char[] pw = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("api", PemFiles.privateKey(tlsKey), pw,
                PemFiles.certificates(tlsCert).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
