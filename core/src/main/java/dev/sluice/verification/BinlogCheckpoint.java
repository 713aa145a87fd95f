package dev.sluice.verification;

import java.util.Optional;

/** Reads the incremental checkpoint of a task, if the task replicates (empty otherwise). */
@FunctionalInterface
public interface BinlogCheckpoint {
    BinlogCheckpoint NONE = Optional::empty;

    Optional<CheckpointState> read();
}
