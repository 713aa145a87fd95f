package dev.sluice.cli;

import dev.sluice.precheck.Precheck;
import dev.sluice.precheck.PrecheckReport;
import dev.sluice.task.TaskFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice precheck TASKFILE}: every check the workflow runs before it may touch the destination. */
@Command(name = "precheck", mixinStandardHelpOptions = true,
        description = "Run the precheck of a task file: binlog, privileges, destination and object checks, each "
                + "PASS/WARN/FAIL with what was found and the fix. Exit 1 when any check fails.")
public class PrecheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASKFILE", description = "The YAML task file.")
    Path taskFile;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrecheckReport report = new Precheck().run(TaskFiles.read(taskFile));
        System.out.println(json ? report.toJson() : report.toTable());
        return report.passed() ? ExitCode.OK : ExitCode.FAILED;
    }
}
