package dev.sluice.fullcopy;

/**
 * The copier's link to the chunk's lease: {@link #heartbeat()} is called while rows stream (renew the lease when
 * due) and {@link #beforeCommit()} right before the destination commit; both throw {@link LeaseLostException} when
 * another worker owns the chunk now, so the copy is rolled back instead of committed.
 */
public interface Fence {
    Fence NONE = new Fence() {
        @Override
        public void heartbeat() {
        }

        @Override
        public void beforeCommit() {
        }
    };

    void heartbeat();

    void beforeCommit();

    /** True when this is the chunk's first claim, so the destination range cannot hold rows of an earlier try. */
    default boolean firstAttempt() {
        return false;
    }
}
