package dev.sluice.cutover;

import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The task's {@code CUTOVER} document: what a cutover did to the source, written <em>before</em> it changes
 * anything, so an interrupted or crashed cutover can be undone by {@code cutover --abort} or the next run.
 * {@code previousReadOnly}/{@code previousSuperReadOnly} are the source's settings before Sluice set it read-only
 * ({@code previousSuperReadOnly} null on MariaDB, which has none); {@code state} is
 * {@link State#READ_ONLY} while the source is read-only because of Sluice and the cutover has not finished,
 * {@link State#CUT_OVER} after a complete cutover (the source stays read-only as a fallback), {@link State#RESTORED}
 * once the previous settings are back. After {@code cutover --reverse}, {@code reverseTaskId} is the task that
 * replicates the destination back to the (writable again) source, and {@link State#ROLLED_BACK} records that
 * {@code sluice rollback} switched back to the source through it.
 */
public record CutoverRecord(State state, String source, Boolean previousReadOnly, Boolean previousSuperReadOnly,
                            Instant readOnlySince, Instant finishedAt, Double writeStopSeconds, String note,
                            String reverseTaskId) {
    public static final String SK = TaskItem.CUTOVER.sk();

    /** Where a cutover left the source. */
    public enum State { READ_ONLY, CUT_OVER, RESTORED, ROLLED_BACK }

    public CutoverRecord(State state, String source, Boolean previousReadOnly, Boolean previousSuperReadOnly,
                         Instant readOnlySince, Instant finishedAt, Double writeStopSeconds, String note) {
        this(state, source, previousReadOnly, previousSuperReadOnly, readOnlySince, finishedAt, writeStopSeconds,
                note, null);
    }

    public static Optional<CutoverRecord> read(TaskDocuments documents, String taskId) {
        return documents.get(taskId, SK, CutoverRecord.class);
    }

    public void save(TaskDocuments documents, String taskId) {
        documents.put(taskId, SK, this);
    }

    CutoverRecord with(State next, Instant finished, Double window, String why) {
        return new CutoverRecord(next, source, previousReadOnly, previousSuperReadOnly, readOnlySince, finished,
                window, why, reverseTaskId);
    }

    /** This record with the reverse task that replicates the destination back to the source. */
    CutoverRecord withReverse(String reverseId, String why) {
        return new CutoverRecord(state, source, previousReadOnly, previousSuperReadOnly, readOnlySince, finishedAt,
                writeStopSeconds, why, reverseId);
    }

    /** True while the source is read-only because of an unfinished Sluice cutover. */
    public boolean sourceReadOnlyBySluice() {
        return state == State.READ_ONLY;
    }

    /** One line for {@code status}. */
    public String describe(String taskId, Instant now) {
        return switch (state) {
            case READ_ONLY -> "SOURCE " + source + " IS READ-ONLY because of Sluice's cutover, since " + readOnlySince
                    + " (" + Duration.between(readOnlySince, now).toSeconds() + " s); the cutover did not finish"
                    + (note == null ? "" : " (" + note + ")") + "; run 'sluice cutover " + taskId + " --abort' to "
                    + "restore read_only=" + onOff(previousReadOnly)
                    + (previousSuperReadOnly == null ? "" : ", super_read_only=" + onOff(previousSuperReadOnly))
                    + ", or run the cutover again";
            case CUT_OVER -> "cut over at " + finishedAt + (writeStopSeconds == null ? ""
                    : String.format(", writes stopped for %.1f s", writeStopSeconds))
                    + (reverseTaskId != null ? "; source " + source + " is writable for reverse task "
                    + reverseTaskId + " only (the application must not write to it); 'sluice rollback " + taskId
                    + "' switches back"
                    : readOnlySince == null ? "" : "; source " + source + " read-only since " + readOnlySince
                    + " (fallback)");
            case ROLLED_BACK -> "rolled back to the source " + source + " at " + finishedAt
                    + " through reverse task " + reverseTaskId + (note == null ? "" : " (" + note + ")");
            case RESTORED -> "cutover did not complete; source " + source + " restored to read_only="
                    + onOff(previousReadOnly) + (previousSuperReadOnly == null ? ""
                    : ", super_read_only=" + onOff(previousSuperReadOnly)) + " at " + finishedAt
                    + (note == null ? "" : " (" + note + ")");
        };
    }

    static String onOff(Boolean b) {
        return Boolean.TRUE.equals(b) ? "ON" : "OFF";
    }
}
