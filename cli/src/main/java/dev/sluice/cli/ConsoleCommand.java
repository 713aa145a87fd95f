package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.SluiceHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice console}: a new one-time login link for the console of the running 'sluice serve'. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Print a new one-time login link for the console of the running 'sluice serve'.")
public class ConsoleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        SluiceHome home = common.home();
        SluiceHome.Daemon d = home.runningDaemon().filter(x -> x.apiEndpoint() != null).orElseThrow(() ->
                new IllegalStateException("no 'sluice serve' is running for " + home.dir() + "; start it (it prints "
                        + "a login link)"));
        if (!d.apiEndpoint().startsWith("http://")) {
            throw new IllegalStateException("the API is served over HTTPS at " + d.apiEndpoint() + "; POST "
                    + "/api/login-links there with 'Authorization: Bearer <token>' (docs/security.md)");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(d.apiEndpoint() + "/api/login-links"))
                .header("Authorization", "Bearer " + home.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("the API answered " + r.statusCode() + ": " + r.body());
        }
        System.out.println(new ObjectMapper().readTree(r.body()).path("url").asText());
        return ExitCode.OK;
    }
}
