package dev.sluice.cli;

import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice validate TASKFILE}: checks a task file without connecting anywhere. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task file (fields, values, password references) without connecting to anything.")
public class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASKFILE", description = "The YAML task file.")
    Path taskFile;

    @Override
    public Integer call() {
        TaskSpec spec = TaskFiles.read(taskFile);
        System.out.printf("%s: valid task '%s' (%s -> %s, types %s)%n", taskFile, spec.name(),
                spec.source().address(), spec.destination().address(), spec.types());
        return ExitCode.OK;
    }
}
