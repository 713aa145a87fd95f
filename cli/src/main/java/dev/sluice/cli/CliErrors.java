package dev.sluice.cli;

import dev.sluice.settings.Settings;
import dev.sluice.task.TaskFileException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * Turns exceptions into one clear message and an exit code (bad input 2, failure 1) instead of a stack trace;
 * set SLUICE_DEBUG=1 to see the trace.
 */
@ApplicationScoped
public class CliErrors {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine cl = factory.create();
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("sluice: " + message(ex));
            if (Settings.DEBUG.value().isPresent()) {
                ex.printStackTrace(commandLine.getErr());
            }
            return exitCode(ex);
        });
        return cl;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof TaskFileException || ex instanceof IllegalArgumentException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.FAILED;
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
