package dev.sluice.cutover;

import dev.sluice.db.ServerInfo;
import dev.sluice.state.TaskDocuments;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * The source's write switch during a cutover: records the source's {@code read_only}/{@code super_read_only} in
 * the task's {@link CutoverRecord} before setting them ON, and puts the recorded values back on failure,
 * interrupt or {@code --abort}. A record left in {@code READ_ONLY} by a crashed run keeps its previous values (the
 * source now reads ON only because of Sluice), so a later run restores what the source had before the first.
 */
final class SourceReadOnly {
    private final TaskDocuments documents;
    private final String taskId;
    private final String source;

    SourceReadOnly(TaskDocuments documents, String taskId, String source) {
        this.documents = documents;
        this.taskId = taskId;
        this.source = source;
    }

    /** The unfinished cutover's record while the source is read-only because of it. */
    Optional<CutoverRecord> pending() {
        return CutoverRecord.read(documents, taskId).filter(CutoverRecord::sourceReadOnlyBySluice);
    }

    /** Records the current settings (unless a pending record has them already), then makes the source read-only. */
    CutoverRecord set(Connection src, ServerInfo info) throws SQLException {
        CutoverRecord rec = pending().orElse(null);
        if (rec == null) {
            boolean ro = flag(src, "read_only");
            Boolean sro = info.isMariaDb() ? null : flag(src, "super_read_only");
            rec = new CutoverRecord(CutoverRecord.State.READ_ONLY, source, ro, sro, Instant.now(), null, null, null);
            rec.save(documents, taskId);   // before the change: a crash right after it can still be undone
        }
        try (Statement st = src.createStatement()) {
            st.execute("SET GLOBAL read_only = ON");
            if (!info.isMariaDb()) {
                st.execute("SET GLOBAL super_read_only = ON");
            }
        } catch (SQLException e) {
            restore(src, info, rec, "could not set read-only: " + e.getMessage());
            throw new SQLException("cannot make the source read-only (" + e.getMessage() + "); grant the "
                    + "migration user SUPER or SYSTEM_VARIABLES_ADMIN, or stop the writes yourself and run "
                    + "cutover without --read-only", e.getSQLState(), e.getErrorCode(), e);
        }
        return rec;
    }

    /** Puts back the recorded settings and marks the record RESTORED with {@code why}. */
    CutoverRecord restore(Connection src, ServerInfo info, CutoverRecord rec, String why) throws SQLException {
        try (Statement st = src.createStatement()) {
            if (!info.isMariaDb()) {
                st.execute("SET GLOBAL super_read_only = OFF");
            }
            st.execute("SET GLOBAL read_only = " + CutoverRecord.onOff(rec.previousReadOnly()));
            if (!info.isMariaDb() && Boolean.TRUE.equals(rec.previousSuperReadOnly())) {
                st.execute("SET GLOBAL super_read_only = ON");
            }
        }
        CutoverRecord done = rec.with(CutoverRecord.State.RESTORED, Instant.now(), null, why);
        done.save(documents, taskId);
        return done;
    }

    /** Marks the cutover complete; the source stays read-only (the fallback). */
    void completed(CutoverRecord rec, double writeStopSeconds) {
        rec.with(CutoverRecord.State.CUT_OVER, Instant.now(), writeStopSeconds, null).save(documents, taskId);
    }

    private static boolean flag(Connection c, String variable) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@global." + variable)) {
            rs.next();
            return rs.getInt(1) != 0;
        }
    }
}
