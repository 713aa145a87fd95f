package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Verification's consistency with a running replication (ADR 0051): the source position right after a read, and
 * the wait until the task's applied checkpoint has passed it before a differing chunk is read again.
 */
final class ReplicationSync {
    private final BinlogCheckpoint checkpoint;
    private final ServerInfo sourceInfo;
    private final VerifyOptions options;
    private final boolean replicating;

    ReplicationSync(BinlogCheckpoint checkpoint, ServerInfo sourceInfo, VerifyOptions options) {
        this.checkpoint = checkpoint;
        this.sourceInfo = sourceInfo;
        this.options = options;
        this.replicating = checkpoint.read().isPresent();
    }

    BinlogPosition position(Connection src) {
        if (!replicating) {
            return null;
        }
        try {
            return BinlogPosition.current(src, sourceInfo);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Waits until the applied checkpoint has passed {@code p} (the source position right after the differing
     * read), up to the checkpoint timeout; without a replicating task (or position), waits the re-check pause.
     */
    void await(BinlogPosition p, Connection src) throws InterruptedException, SQLException {
        if (!replicating || p == null) {
            Thread.sleep(options.recheckWait().toMillis());
            return;
        }
        Instant deadline = Instant.now().plus(options.checkpointTimeout());
        while (Instant.now().isBefore(deadline)) {
            Optional<CheckpointState> cp = checkpoint.read();
            if (cp.isPresent() && PositionOrder.reached(cp.get(), p, src, sourceInfo)) {
                return;
            }
            Thread.sleep(200);
        }
    }
}
