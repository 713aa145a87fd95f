package dev.sluice.control;

import dev.sluice.cutover.ReverseRunner;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Precheck;
import dev.sluice.precheck.PrecheckReport;
import dev.sluice.precheck.Status;
import dev.sluice.task.TaskSpec;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The reverse task of {@code cutover --reverse} run like any task: checked by the precheck before the cutover
 * stops writes (a FAIL refuses the cutover with the check's reason and fix), then started as a workflow execution
 * ({@link TaskControl#resume}, which starts a stored task at its first phase). {@code beforeStart} lets the caller
 * hand the task's secrets to a running {@code sluice serve}.
 */
public final class ReverseTasks implements ReverseRunner {
    private final TaskControl control;
    private final BiConsumer<String, TaskSpec> beforeStart;

    public ReverseTasks(TaskControl control, BiConsumer<String, TaskSpec> beforeStart) {
        this.control = control;
        this.beforeStart = beforeStart;
    }

    @Override
    public void check(TaskSpec reverse) {
        PrecheckReport report = new Precheck().run(reverse);
        if (!report.passed()) {
            throw new IllegalStateException("cutover --reverse refused before any change: the reverse task ("
                    + reverse.source().address() + " -> " + reverse.destination().address() + ") would fail its "
                    + "precheck:\n" + report.results().stream().filter(r -> r.status() == Status.FAIL)
                    .map(ReverseTasks::line).collect(Collectors.joining("\n"))
                    + "\nfix these, or cut over without --reverse");
        }
    }

    private static String line(CheckResult r) {
        return " - " + r.id() + ": " + r.found() + " (" + r.why() + "); fix: " + r.fix();
    }

    @Override
    public void start(String taskId, TaskSpec reverse) {
        beforeStart.accept(taskId, reverse);
        control.resume(taskId);
    }
}
