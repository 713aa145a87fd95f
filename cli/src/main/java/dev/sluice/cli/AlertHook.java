package dev.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.control.TaskControl;
import dev.sluice.failure.RetryStatus;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.state.Phase;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * 'sluice serve --alert-webhook URL': POSTs a JSON alert when a task fails, when it starts retrying a failure
 * (the retry line of 'status'), when it recovers from it and when its retry window is spent, when its replication
 * delay goes above {@code --alert-delay-seconds} (and once more when it is back under), and when a task is ready to
 * cut over (replicating and not delayed). Each alert once per occurrence (an outage is one occurrence, whatever
 * its attempts); failures and outages that began before this process started are not announced again. The body
 * has {@code event, taskId, name, status, phase, error, delaySeconds, retry, at} and a {@code text} sentence (what
 * chat webhooks show). On AWS the stack's alarms and SNS topic do this (docs/aws.md).
 */
public final class AlertHook implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertHook.class);
    static final String TASK_FAILED = "task_failed";
    static final String DELAYED = "replication_delayed";
    static final String CAUGHT_UP = "replication_caught_up";
    static final String READY = "ready_to_cut_over";
    static final String RETRYING = "retry_started";
    static final String RECOVERED = "retry_recovered";
    static final String WINDOW_SPENT = "retry_window_spent";

    private final TaskControl control;
    private final URI webhook;
    private final double delayThresholdSeconds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-alerts");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> failed = new HashSet<>();
    private final Set<String> delayed = new HashSet<>();
    private final Set<String> ready = new HashSet<>();
    /** Outages announced as retrying / as spent ({@code taskId@since}). */
    private final Set<String> retrying = new HashSet<>();
    private final Set<String> spent = new HashSet<>();

    /** {@code control}: the tasks and their documents (the state table 'serve' runs). */
    public AlertHook(TaskControl control, URI webhook, double delayThresholdSeconds) {
        if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme())) {
            throw new IllegalArgumentException("--alert-webhook must be an http:// or https:// URL, not " + redacted(webhook));
        }
        this.control = control;
        this.webhook = webhook;
        this.delayThresholdSeconds = delayThresholdSeconds;
        for (TaskRecord t : control.list()) {
            if (t.status() == TaskStatus.FAILED) {
                failed.add(key(t));
            }
            retryStatus(t).ifPresent(r -> (r.spent() ? spent : retrying).add(t.id() + "@" + r.since()));
        }
    }

    /** Checks every {@code interval}. */
    public AlertHook start(Duration interval) {
        timer.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("alert check failed: %s", e.getMessage());
        }
    }

    /** One round: compares each task with what was announced already. */
    synchronized void check() {
        for (TaskRecord t : control.list()) {
            if (t.status() == TaskStatus.RUNNING || t.status() == TaskStatus.FAILED && !failed.contains(key(t))) {
                checkRetry(t);
            }
            if (t.status() == TaskStatus.FAILED) {
                if (failed.add(key(t))) {
                    send(alert(TASK_FAILED, t, null, "Sluice task " + t.id() + " (" + t.spec().name() + ") FAILED in phase "
                            + t.phase() + ": " + t.error() + " — fix the cause, then 'sluice resume " + t.id() + "'"));
                }
                continue;
            }
            if (t.phase() != Phase.INCREMENTAL || t.status() != TaskStatus.RUNNING) {
                continue;
            }
            ReplicationStatus r = StateTableReplicationState.status(control.documents(), t.id()).orElse(null);
            if (r == null) {
                continue;
            }
            double delay = r.caughtUp() ? 0 : r.delaySeconds();
            if (delay > delayThresholdSeconds && delayed.add(t.id())) {
                send(alert(DELAYED, t, delay, String.format("Sluice task %s (%s): replication is %.1f s behind the "
                        + "source (threshold %.0f s)", t.id(), t.spec().name(), delay, delayThresholdSeconds)));
            } else if (delay <= delayThresholdSeconds / 2 && delayed.remove(t.id())) {
                send(alert(CAUGHT_UP, t, delay, String.format("Sluice task %s (%s): replication is back to %.1f s "
                        + "behind the source", t.id(), t.spec().name(), delay)));
            }
            if (delay < 1 && ready.add(t.id())) {
                send(alert(READY, t, delay, "Sluice task " + t.id() + " (" + t.spec().name() + ") is ready to cut "
                        + "over: replicating and not delayed. 'sluice cutover " + t.id() + " --read-only' switches"));
            }
        }
    }

    /**
     * The retry alerts of one task: an outage seen active for the first time (retrying started), the last announced
     * one no longer active and not spent (recovered), or spent (the window ran out; the task fails).
     */
    private void checkRetry(TaskRecord t) {
        RetryStatus r = retryStatus(t).orElse(null);
        if (r == null) {
            return;
        }
        String outage = t.id() + "@" + r.since();
        Instant now = Instant.now();
        if (r.active() && retrying.add(outage)) {
            send(alert(RETRYING, t, null, r, "Sluice task " + t.id() + " (" + t.spec().name() + ") is "
                    + r.describe(now) + "; it resumes by itself from its last checkpoint when the failure clears"));
        } else if (r.spent() && spent.add(outage)) {
            send(alert(WINDOW_SPENT, t, null, r, "Sluice task " + t.id() + " (" + t.spec().name() + ") stopped "
                    + "retrying in phase " + r.phase() + ": " + r.gaveUp(t.id())));
        } else if (!r.active() && !r.spent() && retrying.remove(outage)) {
            send(alert(RECOVERED, t, null, r, "Sluice task " + t.id() + " (" + t.spec().name() + ") recovered "
                    + "after " + r.attempts() + " failed attempt" + (r.attempts() == 1 ? "" : "s") + " (" + r.what()
                    + ", since " + RetryStatus.hhmm(r.since()) + ")"));
        }
    }

    private java.util.Optional<RetryStatus> retryStatus(TaskRecord t) {
        return control.documents().get(t.id(), RetryStatus.SORT_KEY, RetryStatus.class);
    }

    private static String key(TaskRecord t) {
        return t.id() + "@" + t.executionArn();
    }

    private ObjectNode alert(String event, TaskRecord t, Double delay, String text) {
        return alert(event, t, delay, null, text);
    }

    private ObjectNode alert(String event, TaskRecord t, Double delay, RetryStatus retry, String text) {
        ObjectNode n = TaskDocuments.json().createObjectNode();
        n.put("event", event);
        n.put("taskId", t.id());
        n.put("name", t.spec().name());
        n.put("status", t.status().name());
        n.put("phase", t.phase().name());
        n.put("error", t.error());
        if (delay != null) {
            n.put("delaySeconds", delay);
            n.put("thresholdSeconds", delayThresholdSeconds);
        }
        if (retry != null) {
            ObjectNode r = n.putObject("retry");
            r.put("what", retry.what());
            r.put("since", Instant.ofEpochMilli(retry.since()).toString());
            r.put("attempts", retry.attempts());
            r.put("windowEndsAt", Instant.ofEpochMilli(retry.windowEndsAt()).toString());
            if (retry.active()) {
                r.put("nextAttemptAt", Instant.ofEpochMilli(retry.nextAt()).toString());
            }
        }
        n.put("at", Instant.now().toString());
        n.put("text", text);
        return n;
    }

    /** POSTs the alert, three tries; a webhook that does not answer 2xx is logged (without its query). */
    private void send(ObjectNode alert) {
        HttpRequest req = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alert.toString()))
                .build();
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return;
                }
                LOG.warnf("alert webhook %s answered %d to %s (try %d of 3)", redacted(webhook), r.statusCode(),
                        alert.path("event").asText(), attempt);
            } catch (java.io.IOException e) {
                LOG.warnf("alert webhook %s: %s (try %d of 3)", redacted(webhook), e.getMessage(), attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(1000L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The URL without user info and query (either may hold a secret). */
    static String redacted(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + u.getPath();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
