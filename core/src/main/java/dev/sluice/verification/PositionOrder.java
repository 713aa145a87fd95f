package dev.sluice.verification;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether an applied checkpoint has reached a source binlog position: by GTID set containment when both
 * carry GTIDs (MySQL's GTID_SUBSET on the source; MariaDB per-domain sequence numbers), else by binlog file
 * sequence and offset.
 */
public final class PositionOrder {
    private PositionOrder() {
    }

    public static boolean reached(CheckpointState checkpoint, BinlogPosition target, Connection source,
                                  ServerInfo sourceInfo) throws SQLException {
        if (target == null) {
            return true;
        }
        if (checkpoint.gtidSet() != null && target.gtidSet() != null) {
            if (sourceInfo.isMariaDb()) {
                return mariaDbContains(checkpoint.gtidSet(), target.gtidSet());
            }
            try (PreparedStatement ps = source.prepareStatement("SELECT GTID_SUBSET(?, ?)")) {
                ps.setString(1, target.gtidSet());
                ps.setString(2, checkpoint.gtidSet());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            }
        }
        if (checkpoint.file() == null || checkpoint.file().isEmpty() || target.file() == null
                || target.file().isEmpty()) {
            return false; // nothing applied and mirrored yet: not reached (a drain keeps waiting)
        }
        int byFile = Long.compare(fileSeq(checkpoint.file()), fileSeq(target.file()));
        return byFile > 0 || (byFile == 0 && checkpoint.position() >= target.position());
    }

    /** MariaDB GTID positions {@code domain-server-seq,...}: every domain of the target reached in the checkpoint. */
    static boolean mariaDbContains(String checkpoint, String target) {
        Map<Long, Long> have = new HashMap<>();
        for (String g : checkpoint.split(",")) {
            if (!g.isBlank()) {
                String[] p = g.trim().split("-");
                have.merge(Long.parseLong(p[0]), Long.parseLong(p[2]), Math::max);
            }
        }
        for (String g : target.split(",")) {
            if (!g.isBlank()) {
                String[] p = g.trim().split("-");
                if (have.getOrDefault(Long.parseLong(p[0]), -1L) < Long.parseLong(p[2])) {
                    return false;
                }
            }
        }
        return true;
    }

    static long fileSeq(String file) {
        int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("binlog file name " + file + " has no numeric extension", e);
        }
    }
}
