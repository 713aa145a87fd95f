package dev.sluice.cli;

import dev.sluice.control.TaskControl;

/** Polls a task until it ends, redrawing its progress (in place on a terminal, as new blocks otherwise). */
final class Follower {
    private final TaskControl control;
    private final boolean showProgress;

    Follower(TaskControl control, boolean showProgress) {
        this.control = control;
        this.showProgress = showProgress;
    }

    /** Waits for the task to end; exit code 0 when it succeeded or was stopped, 1 when it failed. */
    int follow(String taskId) throws InterruptedException {
        boolean tty = System.console() != null;
        String last = "";
        long lastPrint = 0;
        while (true) {
            TaskControl.TaskView v = control.status(taskId);
            boolean done = v.task().status().isFinal()
                    && (v.executionStatus() == null || !"RUNNING".equals(v.executionStatus()));
            String screen = StatusPrinter.render(v, false);
            if (showProgress || done) {
                if (tty) {
                    System.out.print("\033[H\033[2J" + screen);
                    System.out.flush();
                } else if (!screen.equals(last) && (done || System.currentTimeMillis() - lastPrint > 5000)) {
                    System.out.println(screen);
                    lastPrint = System.currentTimeMillis();
                }
                last = screen;
            }
            if (done) {
                return ExitCode.of(v.task().status());
            }
            Thread.sleep(1000);
        }
    }
}
