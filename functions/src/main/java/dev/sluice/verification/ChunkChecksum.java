package dev.sluice.verification;

import java.math.BigDecimal;

/** A chunk's checksum on one side: row count and the exact sum of the rows' 64-bit hash prefixes. */
record ChunkChecksum(long rows, BigDecimal fold) {

    boolean sameAs(ChunkChecksum other) {
        return rows == other.rows && fold.compareTo(other.fold) == 0;
    }
}
