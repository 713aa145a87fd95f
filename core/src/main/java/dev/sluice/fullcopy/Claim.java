package dev.sluice.fullcopy;

import dev.sluice.table.Chunk;

/** This worker's claim on a chunk: the fencing token it got and the item version after its last write. */
public record Claim(Chunk chunk, long token, String owner, long leaseUntilMillis, long version) {
}
