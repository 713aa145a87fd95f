package dev.sluice.verification;

/**
 * A chunk's checksum on one side: row count and the fold, as the server printed it; {@code rowFold} when it folds
 * per-row hashes ({@link RowSql#rowFoldChecksum}) rather than the chunk's text (the two are not comparable).
 */
record ChunkChecksum(long rows, String fold, boolean rowFold) {

    ChunkChecksum(long rows, String fold) {
        this(rows, fold, true);
    }

    boolean sameAs(ChunkChecksum other) {
        return rows == other.rows && fold.equals(other.fold) && rowFold == other.rowFold;
    }
}
