package dev.sluice.fullcopy;

/**
 * The copier's link to the chunk's lease: {@link #heartbeat} is called after each batch of rows streamed (renew
 * the lease when due, publishing the rows streamed so far) and {@link #beforeCommit()} right before the destination commit; both throw {@link LeaseLostException} when
 * another worker owns the chunk now, so the copy is rolled back instead of committed.
 */
public interface Fence {
    Fence NONE = new Fence() {
        @Override
        public void heartbeat(long rows, long bytes) {
        }

        @Override
        public void beforeCommit() {
        }
    };

    /** {@code rows}/{@code bytes}: the batch just streamed into the chunk (not totals). */
    void heartbeat(long rows, long bytes);

    void beforeCommit();

    /** The chunk's destination transaction was rolled back: the rows streamed so far count no more. */
    default void rolledBack() {
    }

    /** True when this is the chunk's first claim, so the destination range cannot hold rows of an earlier try. */
    default boolean firstAttempt() {
        return false;
    }
}
