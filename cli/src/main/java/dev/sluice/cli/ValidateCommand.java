package dev.sluice.cli;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.SecretRef;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice validate TASKFILE}: checks a task file without connecting anywhere, and that its env:/file:
 * password references resolve in this shell (where 'sluice start' will resolve them).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task file (fields, values, password references) without connecting to anything; "
                + "env: and file: passwords must resolve in this shell, as 'sluice start' resolves them here.")
public class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TASKFILE", description = "The YAML task file.")
    Path taskFile;

    @Override
    public Integer call() {
        TaskSpec spec = TaskFiles.read(taskFile);
        Set<String> problems = new LinkedHashSet<>();
        for (EndpointSpec e : List.of(spec.source(), spec.destination())) {
            if (SecretRef.isLocal(e.password())) {
                try {
                    SecretRef.resolve(e.password());
                } catch (IllegalStateException unresolved) {
                    problems.add(unresolved.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println(taskFile + ": " + p));
            return ExitCode.BAD_INPUT;
        }
        System.out.printf("%s: valid task '%s' (%s -> %s, types %s)%n", taskFile, spec.name(),
                spec.source().address(), spec.destination().address(), spec.types());
        return ExitCode.OK;
    }
}
