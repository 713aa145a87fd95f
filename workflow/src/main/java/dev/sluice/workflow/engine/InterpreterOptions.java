package dev.sluice.workflow.engine;

/**
 * Tuning of the interpreter.
 *
 * @param timeScale multiplies Wait durations and Retry delays (1.0 = real time; tests and demos may speed up)
 * @param maxMapConcurrency thread cap for a Map with MaxConcurrency 0 (unbounded) or above the cap
 */
public record InterpreterOptions(double timeScale, int maxMapConcurrency) {
    public static InterpreterOptions defaults() {
        return new InterpreterOptions(1.0, 40);
    }
}
