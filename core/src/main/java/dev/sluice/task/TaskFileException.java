package dev.sluice.task;

import java.util.List;

/**
 * A task file that cannot be used: each problem names the field (e.g. {@code source.port}) and what is allowed.
 * The CLI prints the problems and exits with code 2.
 */
public class TaskFileException extends RuntimeException {
    private final List<String> problems;

    public TaskFileException(String origin, List<String> problems) {
        super(origin + " is not a valid task file:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
