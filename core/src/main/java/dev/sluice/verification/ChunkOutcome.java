package dev.sluice.verification;

import java.util.List;

/** What comparing one chunk (a key range, a batch of keys, or a keyless table) found. */
record ChunkOutcome(long sourceRows, long destRows, boolean rechecked, List<Difference> differences) {
}
