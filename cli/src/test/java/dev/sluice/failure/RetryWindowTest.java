package dev.sluice.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.task.TaskFileException;
import dev.sluice.task.TaskFiles;
import java.io.InputStream;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry window's policy, its option, the retry line, and that the workflow's Retry rule matches the policy. */
class RetryWindowTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:02:00Z");

    @Test
    void backoffDoublesFromFiveSecondsUpToAMinute() {
        assertEquals(Duration.ofSeconds(5), RetryWindow.delayAfter(0));
        assertEquals(Duration.ofSeconds(10), RetryWindow.delayAfter(1));
        assertEquals(Duration.ofSeconds(40), RetryWindow.delayAfter(3));
        assertEquals(Duration.ofSeconds(60), RetryWindow.delayAfter(4));
        assertEquals(Duration.ofSeconds(60), RetryWindow.delayAfter(5000));
    }

    @Test
    void anOutageIsRetriedUntilNoAttemptFitsInTheWindow() {
        String what = "destination 127.0.0.1:3307 unreachable (Connection refused)";
        RetryStatus s = RetryWindow.afterFailure(null, T0.minusSeconds(60), T0, 720, 0, what, "FULL_COPY");
        assertTrue(s.active());
        assertEquals(1, s.attempts());
        assertEquals(T0.toEpochMilli(), s.since());
        assertEquals(T0.plus(Duration.ofHours(12)).toEpochMilli(), s.windowEndsAt());
        // the workflow retries; each failure continues the outage
        Instant t = T0;
        for (int retry = 1; retry <= 6; retry++) {
            t = t.plus(RetryWindow.delayAfter(retry - 1)).plusMillis(200);
            s = RetryWindow.afterFailure(s, t.minusMillis(200), t, 720, retry, what, "FULL_COPY");
        }
        assertEquals(7, s.attempts());
        assertEquals(T0.toEpochMilli(), s.since());
        Instant now = Instant.ofEpochMilli(s.lastFailureAt());
        assertEquals("retrying since 10:02 UTC: " + what + " (attempt 7, next in 60 s, window ends 22:02 UTC)",
                s.describe(now));
        assertTrue(s.showing(now));
        assertFalse(s.showing(now.plusSeconds(120)), "a next attempt that runs on is not shown as retrying");

        // near the window's end: the next attempt would come after it -> spent
        Instant late = T0.plus(Duration.ofHours(12)).minusSeconds(30);
        RetryStatus before = new RetryStatus(true, false, "FULL_COPY", what, s.since(),
                late.minusSeconds(60).toEpochMilli(), late.toEpochMilli(), s.windowEndsAt(), 700, 720);
        RetryStatus spent = RetryWindow.afterFailure(before, late.minusSeconds(1), late, 720, 700, what,
                "FULL_COPY");
        assertTrue(spent.spent());
        assertFalse(spent.active());
        String msg = spent.gaveUp("t-1");
        assertTrue(msg.startsWith(what + "; retried since 10:02 UTC ("), msg);
        assertTrue(msg.contains("the retry window of 720 min (options.retry.window_minutes) ends at 22:02 UTC"), msg);
        assertTrue(msg.contains("'sluice resume t-1' continues from the last checkpoint"), msg);
    }

    @Test
    void aFailureLongAfterTheLastOneStartsANewOutage() {
        RetryStatus s = RetryWindow.afterFailure(null, T0, T0, 10, 0, "x", "INCREMENTAL");
        // a call that started 10 minutes later and ran fine for a while fails again: a new window
        Instant later = T0.plus(Duration.ofMinutes(30));
        RetryStatus n = RetryWindow.afterFailure(s, later.minus(Duration.ofMinutes(20)), later, 10, 0, "y",
                "INCREMENTAL");
        assertEquals(later.toEpochMilli(), n.since());
        assertEquals(1, n.attempts());
        assertTrue(n.active());
        // after a resume (the last outage spent), too
        RetryStatus spent = RetryWindow.afterFailure(null, T0, T0, 0, 0, "x", "INCREMENTAL");
        assertTrue(spent.spent(), "window 0: the first failure fails the task");
        assertTrue(spent.gaveUp("t").contains("options.retry.window_minutes is 0"), spent.gaveUp("t"));
        assertEquals(1, RetryWindow.afterFailure(spent, T0.plusSeconds(1), T0.plusSeconds(2), 10, 0, "x",
                "INCREMENTAL").attempts());
    }

    @Test
    void classificationRetriesWhatARetryCuresAndFailsTheRestAtOnce() {
        assertTrue(Failures.isRetriable(new SQLNonTransientConnectionException("Communications link failure",
                "08S01")));
        assertTrue(Failures.isRetriable(new SQLException("Too many connections", "08004", 1040)));
        assertTrue(Failures.isRetriable(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertTrue(Failures.isRetriable(new SQLException("The MySQL server is running with the --read-only option "
                + "so it cannot execute this statement", "HY000", 1290)));
        assertTrue(Failures.isRetriable(new SQLException("Running in read-only mode", "HY000", 1836)));
        assertTrue(Failures.isRetriable(new IllegalStateException("copying chunk",
                new SQLException("Access denied for user 'mig'@'10.0.0.1' (using password: YES)", "28000", 1045))));
        assertFalse(Failures.isRetriable(new SQLException("SELECT command denied to user", "42000", 1142)));
        assertFalse(Failures.isRetriable(new SQLException("Access denied; you need (at least one of) the SUPER "
                + "privilege(s)", "42000", 1227)));
        assertFalse(Failures.isRetriable(new SQLException("The MySQL server is running with the "
                + "--secure-file-priv option", "HY000", 1290)));
        // a full disk or table space (DestinationDiskFullTest meets 1114 on a real server; the others by code)
        assertTrue(Failures.isDiskFull(new SQLException("The table 't' is full", "HY000", 1114)));
        assertTrue(Failures.isDiskFull(new SQLException("Disk full (/data/t.ibd); waiting for someone to free some "
                + "space...", "HY000", 1021)));
        SQLException enospc = new SQLException("Error writing file '/tmp/MYfd=42' (OS errno 28 - No space left on "
                + "device)", "HY000", 3);
        assertTrue(Failures.isDiskFull(enospc) && Failures.isRetriable(enospc));
        assertTrue(Failures.isRetriable(new SQLException("Got error 28 from storage engine", "HY000", 1030)));
        assertFalse(Failures.isRetriable(new SQLException("Error writing file 'x' (OS errno 13 - Permission "
                + "denied)", "HY000", 3)));
        assertFalse(Failures.isRetriable(new InterruptedException("sleep interrupted")));
        assertFalse(Failures.isRetriable(new RetryWindowSpentException("spent",
                new SQLException("gone", "08S01"))), "a spent window is final");
    }

    @Test
    void theOptionIsValidated() {
        String base = "name: t\nsource: {host: a, port: 1, user: u, password: env:P}\n"
                + "destination: {host: b, port: 2, user: u, password: env:P}\ntypes: [full]\n"
                + "objects: [{database: d}]\noptions: {retry: {window_minutes: %s}}\n";
        assertEquals(30.0, TaskFiles.parse(base.formatted("30"), "t.yaml").optionsOrDefaults().retryOrDefault()
                .windowMinutesOrDefault());
        assertEquals(0.5, TaskFiles.parse(base.formatted("0.5"), "t.yaml").optionsOrDefaults().retryOrDefault()
                .windowMinutesOrDefault());
        assertEquals(720.0, TaskFiles.parse(base.formatted("null"), "t.yaml").optionsOrDefaults()
                .retryOrDefault().windowMinutesOrDefault());
        for (String bad : List.of("-1", "1441", "abc")) {
            List<String> problems = assertThrows(TaskFileException.class,
                    () -> TaskFiles.parse(base.formatted(bad), "t.yaml")).problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("window_minutes")), bad + ": " + problems);
        }
        List<String> p = assertThrows(TaskFileException.class,
                () -> TaskFiles.parse(base.formatted("2000"), "t.yaml")).problems();
        assertEquals(List.of("options.retry.window_minutes: 2000.0 is out of range; use 0 (fail at the first lost "
                + "connection) to 1440 (24 hours); the default is 720 (12 hours)"), p);
    }

    /** Every phase state retries RetriableException with the policy's backoff, as often as the window needs. */
    @Test
    void theWorkflowRetriesRetriableFailuresWithThePolicysBackoff() throws Exception {
        JsonNode asl;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/sluice/workflow/migration.asl.json")) {
            asl = new ObjectMapper().readTree(in);
        }
        List<String> phases = List.of("CreateSchema", "PlanFullCopy", "FinishSchema", "Verify", "ReplicateBinlog");
        List<JsonNode> states = new ArrayList<>();
        phases.forEach(p -> states.add(asl.path("States").path(p)));
        states.add(asl.path("States").path("CopyFullData").path("ItemProcessor").path("States").path("CopyChunks"));
        for (JsonNode st : states) {
            assertEquals("$$.State.RetryCount", st.path("Parameters").path("Payload").path("retryCount.$").asText(),
                    st.toString());
            JsonNode rule = null;
            for (JsonNode r : st.path("Retry")) {
                if (r.path("ErrorEquals").toString().contains(RetriableException.class.getName())) {
                    rule = r;
                }
            }
            assertEquals(List.of(RetriableException.class.getName()), List.of(rule.path("ErrorEquals").get(0)
                    .asText()));
            assertEquals(RetryWindow.FIRST_DELAY_SECONDS, rule.path("IntervalSeconds").asInt());
            assertEquals(RetryWindow.BACKOFF_RATE, rule.path("BackoffRate").asDouble());
            assertEquals(RetryWindow.MAX_DELAY_SECONDS, rule.path("MaxDelaySeconds").asInt());
            assertTrue(rule.path("JitterStrategy").isMissingNode(), "no jitter: 'next in N s' is exact");
            assertTrue(rule.path("MaxAttempts").asInt() * (double) RetryWindow.MAX_DELAY_SECONDS
                    > dev.sluice.task.TaskOptions.RetryOptions.MAX_WINDOW_MINUTES * 60, "enough attempts for the "
                    + "longest window");
        }
    }
}
