package dev.sluice.cli;

import dev.sluice.local.LocalPlatform;
import dev.sluice.local.SluiceHome;
import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice serve}: runs the local platform in the background of this process (state store, Step Functions
 * runner and API, task HTTP API and console) until stopped; other CLI commands attach to it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the local platform: state store, Step Functions runner (its API for SfnClient and "
                + "'aws stepfunctions --endpoint-url'), the task HTTP API (JSON) and a console page.",
                "Executions left running by a killed process resume here."})
public class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8642", description = "Port of the task API and console (default 8642; 0 = any).")
    int port;

    @Option(names = "--sfn-port", defaultValue = "0", description = "Port of the Step Functions API on 127.0.0.1 "
            + "(default 0 = any free port; set it for a stable 'aws stepfunctions --endpoint-url').")
    int sfnPort;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        SluiceHome home = common.home();
        home.runningDaemon().ifPresent(d -> {
            throw new IllegalStateException("Sluice is already serving this home (pid " + d.pid() + ", API "
                    + d.apiEndpoint() + "); stop it first or use another --home");
        });
        try (LocalPlatform platform = LocalPlatform.start(home, sfnPort); ApiServer api = ApiServer.start(platform, bind, port)) {
            platform.announceApi(api.endpoint());
            System.out.println("Sluice is serving " + home.dir());
            System.out.println("  task API and console: " + api.endpoint());
            System.out.println("  Step Functions API:   " + home.runningDaemon().orElseThrow().sfnEndpoint());
            System.out.println("  state machine:        " + home.runningDaemon().orElseThrow().stateMachineArn());
            System.out.println("Press Ctrl-C to stop (running tasks resume at the next start).");
            Quarkus.waitForExit();
            return ExitCode.OK;
        }
    }
}
