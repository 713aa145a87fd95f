package dev.sluice.fullcopy;

/**
 * What one {@code fullcopy-worker} call did: chunks it copied, chunks of the task not done yet (the state machine
 * calls the worker again while this is above 0), whether it ended because the task's stop flag was raised, and the
 * rows and bytes of the chunks it copied.
 */
public record WorkerResult(int remaining, int copiedChunks, boolean stopped, long rowsCopied, long bytesCopied) {
}
