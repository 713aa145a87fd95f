package dev.sluice.cli;

import dev.sluice.connectivity.ConnectivityReport;
import dev.sluice.connectivity.ConnectivityTester;
import dev.sluice.state.TaskDocuments;
import dev.sluice.task.TaskFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice test-connection TASKFILE}: DNS, TCP, TLS, login, version and latency of both endpoints. */
@Command(name = "test-connection", mixinStandardHelpOptions = true,
        description = "Test both endpoints of a task file, each step separately: DNS, TCP, TLS, authentication, "
                + "server version and flavor, round-trip latency. Exit 1 when an endpoint fails.")
public class TestConnectionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASKFILE", description = "The YAML task file.")
    Path taskFile;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ConnectivityReport report = new ConnectivityTester().test(TaskFiles.read(taskFile));
        System.out.println(json ? TaskDocuments.json().writerWithDefaultPrettyPrinter().writeValueAsString(report)
                : report.toTable());
        return report.ok() ? ExitCode.OK : ExitCode.FAILED;
    }
}
