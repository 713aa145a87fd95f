package dev.sluice.verification;

/** A chunk's checksum on one side: row count and the fold of the rows' hashes, as the server printed it. */
record ChunkChecksum(long rows, String fold) {

    boolean sameAs(ChunkChecksum other) {
        return rows == other.rows && fold.equals(other.fold);
    }
}
