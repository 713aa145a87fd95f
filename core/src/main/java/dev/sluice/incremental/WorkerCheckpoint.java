package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
/**
 * What one apply worker has committed on the destination: every change routed to it before {@code applied} is
 * applied. {@code gtidSet} is the source's executed GTID set at the start of the transaction {@code applied} points
 * into (or after it, when {@code applied.rowIndex() == 0}); null on servers without GTIDs. {@code eventTime} is the
 * source timestamp (epoch ms) of the last applied event.
 */
public record WorkerCheckpoint(int worker, int workers, BinlogCoordinate applied, String gtidSet, long eventTime) {
}
