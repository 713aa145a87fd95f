package dev.sluice.binlog;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidListEventData;
import com.github.shyiko.mysql.binlog.event.PreviousGtidSetEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.task.EndpointSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds where a task given {@code options.incremental.start_timestamp} starts: the first transaction in the source's
 * binlogs logged at or after that time, as file/position and, in GTID mode, the GTID set (MySQL: the file's
 * PREVIOUS_GTIDS plus the GTIDs before it) or GTID position (MariaDB: the file's GTID_LIST updated by the GTIDs
 * before it) to start after. MySQL 8.0 compares the GTID event's commit time (microseconds); 5.7 and MariaDB log
 * whole seconds, so there a transaction logged in the same second as the time counts as at or after it.
 */
public final class BinlogTimeLocator {
    /** A time at most this far ahead of the source's clock is taken as now (clocks of two hosts differ a little). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(5);
    /** Ends the origin of a start taken at the current position because nothing was logged since the time. */
    public static final String NOTHING_SINCE = " (nothing logged since: the current position)";
    private static final long IDLE_MILLIS = 30_000;
    private static final EventType[] SKIPPED_BODIES = {EventType.WRITE_ROWS, EventType.EXT_WRITE_ROWS,
        EventType.PRE_GA_WRITE_ROWS, EventType.UPDATE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.PRE_GA_UPDATE_ROWS,
        EventType.DELETE_ROWS, EventType.EXT_DELETE_ROWS, EventType.PRE_GA_DELETE_ROWS,
        EventType.PARTIAL_UPDATE_ROWS_EVENT, EventType.TRANSACTION_PAYLOAD, EventType.ROWS_QUERY,
        EventType.ANNOTATE_ROWS, EventType.INTVAR, EventType.RAND, EventType.USER_VAR, EventType.BINLOG_CHECKPOINT,
        EventType.STOP};

    private final EndpointSpec endpoint;
    private final long serverId;

    /** {@code serverId}: the server_id the scans present; see {@link ServerIds#forTimeLookup}. */
    public BinlogTimeLocator(EndpointSpec endpoint, long serverId) {
        this.endpoint = endpoint;
        this.serverId = serverId;
    }

    /**
     * The start for {@code at}. Fails with {@link BinlogPurgedException} when the time is before the oldest binlog
     * still on the source, and with IllegalArgumentException when it is ahead of the source's clock; a past time
     * after which nothing was logged yet gives the current position.
     */
    public StartPosition locate(Connection c, ServerInfo server, Instant at) throws SQLException, IOException {
        String origin = "options.incremental.start_timestamp " + at;
        BinlogPosition end = BinlogPosition.current(c, server);
        Instant now = sourceNow(c);
        if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new IllegalArgumentException("options.incremental.start_timestamp " + at + " is "
                    + Duration.between(now, at).toSeconds() + " s ahead of the source's clock (source time " + now
                    + "): no transaction at or after it exists yet, and starting now would also replicate the "
                    + "changes made before it. Give a time that has passed (a time without an offset is UTC), or "
                    + "leave options.incremental.start_* out to start at the source's current position");
        }
        List<String> files = binaryLogs(c);
        int endIndex = files.indexOf(end.file());
        if (endIndex < 0) {
            throw new IllegalStateException("the source's current binlog " + end.file() + " is not in SHOW BINARY "
                    + "LOGS; the binlogs were reset while Sluice looked for the start time; retry");
        }
        long second = at.getEpochSecond();
        long oldest = openedSecond(files.get(0));
        if (oldest > second) {
            Instant opened = Instant.ofEpochSecond(oldest);
            throw new BinlogPurgedException("options.incremental.start_timestamp " + at + " is before the oldest "
                    + "binlog still on the source (" + files.get(0) + ", opened " + opened + "): the changes made "
                    + "between that time and " + opened + " were purged with the older binlogs and cannot be "
                    + "replicated. Run the task with a full copy (types: [full, incremental]) or give a "
                    + "start_timestamp at or after " + opened + " (a time without an offset is UTC)", null);
        }
        // the last file opened before the time's second: every earlier file holds only earlier transactions
        int from = 0;
        int lo = 1;
        int hi = endIndex;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (openedSecond(files.get(mid)) < second) {
                from = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        boolean gtidMode = server.isMariaDb() ? end.gtidSet() != null : "ON".equalsIgnoreCase(gtidMode(c));
        Optional<StartPosition> found = scan(files.subList(0, endIndex + 1), from, end, at, gtidMode, origin);
        return found.orElseGet(() -> new StartPosition(end.file(), end.position(), gtidMode ? end.gtidSet() : null,
                origin + NOTHING_SINCE));
    }

    private Optional<StartPosition> scan(List<String> files, int from, BinlogPosition end, Instant at,
                                         boolean gtidMode, String origin) throws IOException {
        long atMicros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        long atSecond = at.getEpochSecond();
        String file = files.get(from);
        GtidSet gtids = null;
        Map<Long, String> domains = new TreeMap<>();
        boolean inTxn = false;
        boolean explicit = false;
        try (BinlogReader r = reader(1000)) {
            r.startAt(file, 4);
            while (true) {
                Event ev = next(r, file);
                EventHeaderV4 h = ev.getHeader();
                String eventFile = file;
                long seconds = h.getTimestamp() / 1000;
                switch (h.getEventType()) {
                    case ROTATE -> {
                        String next = ((RotateEventData) ev.getData()).getBinlogFilename();
                        if (!next.equals(file)) {
                            file = next;
                            gtids = null;
                            domains.clear();
                            inTxn = false;
                        }
                        if (!files.contains(file)) {
                            return Optional.empty(); // past the position taken when the lookup began
                        }
                    }
                    case PREVIOUS_GTIDS -> gtids = new GtidSet(((PreviousGtidSetEventData) ev.getData()).getGtidSet());
                    case MARIADB_GTID_LIST -> {
                        domains.clear();
                        String list = ((MariadbGtidListEventData) ev.getData()).getMariaGTIDSet().toString();
                        for (String g : list.split(",")) {
                            if (!g.isBlank()) {
                                domains.put(Long.parseLong(g.trim().split("-")[0]), g.trim());
                            }
                        }
                    }
                    case GTID, ANONYMOUS_GTID -> {
                        GtidEventData g = ev.getData() instanceof GtidEventData d ? d : null;
                        long commitMicros = g == null ? 0 : g.getImmediateCommitTimestamp();
                        boolean reached = commitMicros > 0 ? commitMicros >= atMicros : seconds >= atSecond;
                        if (reached) {
                            boolean withGtid = gtidMode && gtids != null && h.getEventType() == EventType.GTID;
                            return found(file, h.getPosition(), withGtid ? gtids.toString() : null, origin);
                        }
                        if (gtids != null && g != null && h.getEventType() == EventType.GTID) {
                            gtids.add(g.getGtid());
                        }
                        inTxn = true;
                        explicit = false;
                    }
                    case MARIADB_GTID -> {
                        if (seconds >= atSecond) {
                            return found(file, h.getPosition(), gtidMode ? String.join(",", domains.values()) : null,
                                    origin);
                        }
                        MariadbGtidEventData g = ev.getData();
                        // the server id of a MariaDB GTID is the event header's (the body does not carry it)
                        domains.put(g.getDomainId(), g.getDomainId() + "-" + h.getServerId() + "-" + g.getSequence());
                        inTxn = true;
                        explicit = false;
                    }
                    case QUERY -> {
                        // servers before MySQL 5.7 / MariaDB 10.0 start transactions with BEGIN or a bare statement
                        String sql = ((QueryEventData) ev.getData()).getSql().trim();
                        String head = sql.substring(0, Math.min(sql.length(), 12)).toUpperCase(Locale.ROOT);
                        boolean begin = head.equals("BEGIN") || head.startsWith("XA START");
                        boolean commit = head.equals("COMMIT") || head.equals("ROLLBACK") || head.startsWith("XA END");
                        if (!inTxn && !commit && seconds >= atSecond) {
                            return found(file, h.getPosition(), null, origin);
                        }
                        if (begin) {
                            inTxn = true;
                            explicit = true;
                        } else if (commit || !explicit) {
                            inTxn = false;
                        }
                    }
                    case XID -> inTxn = false;
                    default -> {
                        // FORMAT_DESCRIPTION, TABLE_MAP, row events, heartbeats ...: no transaction starts here
                    }
                }
                if (h.getNextPosition() > 0 && eventFile.equals(end.file()) && h.getNextPosition() >= end.position()) {
                    return Optional.empty();
                }
            }
        }
    }

    private static Optional<StartPosition> found(String file, long position, String gtids, String origin) {
        return Optional.of(new StartPosition(file, position, gtids == null || gtids.isBlank() ? null : gtids,
                origin));
    }

    /** When a binlog file was opened: the timestamp of its first event (the format description), in seconds. */
    private long openedSecond(String file) throws IOException {
        try (BinlogReader r = reader(16)) {
            r.startAt(file, 4);
            for (int i = 0; i < 8; i++) {
                Event ev = next(r, file + ":4");
                if (ev.getHeader().getTimestamp() > 0) {
                    return ev.getHeader().getTimestamp() / 1000;
                }
            }
            throw new IOException("the first events of binlog " + file + " on " + endpoint.address()
                    + " carry no timestamp; give start_file and start_position instead of start_timestamp");
        }
    }

    private Event next(BinlogReader r, String where) throws IOException {
        Event ev;
        try {
            ev = r.poll(IDLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading binlog " + where, e);
        }
        if (ev != null) {
            return ev;
        }
        if (r.failure() != null) {
            throw new IOException("the binlog stream from " + endpoint.address() + " failed while reading " + where
                    + ": " + r.failure().getMessage(), r.failure());
        }
        throw new IOException("no binlog event from " + endpoint.address() + " for " + IDLE_MILLIS / 1000
                + " s while reading " + where + " to find the start time; retry");
    }

    private BinlogReader reader(int queueEvents) {
        EventDeserializer d = new EventDeserializer();
        for (EventType t : SKIPPED_BODIES) {
            d.setEventDataDeserializer(t, new NullEventDataDeserializer());
        }
        return new BinlogReader(endpoint, serverId, queueEvents, 1000, d);
    }

    private static List<String> binaryLogs(Connection c) throws SQLException {
        List<String> files = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString(1));
            }
        }
        if (files.isEmpty()) {
            throw new SQLException("the source lists no binary logs (log_bin is OFF); enable log_bin to use "
                    + "incremental migration");
        }
        return files;
    }

    private static Instant sourceNow(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT UNIX_TIMESTAMP(NOW(6))")) {
            rs.next();
            BigDecimal s = rs.getBigDecimal(1);
            return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
    }

    private static String gtidMode(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.gtid_mode")) {
            return rs.next() ? rs.getString(1) : "OFF";
        } catch (SQLException e) {
            return "OFF"; // servers without GTIDs
        }
    }
}
