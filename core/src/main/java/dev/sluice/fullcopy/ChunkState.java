package dev.sluice.fullcopy;

import dev.sluice.table.Chunk;

/**
 * A chunk as the ledger holds it: its range, its state (planned, claimed, done), the fencing token of its latest
 * claim, the lease expiry of that claim, who holds it, and rows/bytes once done. {@code version} is the item's
 * state-table version, the condition of the next write. {@code rowsCopying}/{@code bytesCopying}: what the
 * holder of a claimed chunk has streamed into it so far (published with its lease renewals; 0 otherwise).
 */
public record ChunkState(Chunk chunk, Status status, long token, long leaseUntilMillis, String owner, long rows,
                         long bytes, long attempts, String claimedAt, String doneAt, long version, long rowsCopying,
                         long bytesCopying) {

    /** Ledger states of a chunk. */
    public enum Status { PLANNED, CLAIMED, DONE }

    /** Whether a worker may claim the chunk now: planned, or claimed with an expired lease. */
    public boolean claimable(long nowMillis) {
        return status == Status.PLANNED || (status == Status.CLAIMED && leaseUntilMillis < nowMillis);
    }

    /** Whether another worker holds a live lease on it. */
    public boolean leased(long nowMillis) {
        return status == Status.CLAIMED && leaseUntilMillis >= nowMillis;
    }
}
