package dev.sluice.cli;

import dev.sluice.local.LocalPlatform;
import dev.sluice.state.TaskRecord;
import dev.sluice.cutover.Cutover;
import dev.sluice.cutover.CutoverOptions;
import dev.sluice.cutover.CutoverResult;
import dev.sluice.verification.VerificationService;
import dev.sluice.verification.VerifyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Verify, repair and cutover started from the console: they run in the 'sluice serve' process (as 'sluice verify'
 * and 'sluice cutover --read-only' run in the CLI's), one at a time per task; their progress goes to the state
 * table like the CLI's, and their log lines and result are kept here for the console.
 */
final class TaskJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TaskJobs.class);
    private static final int KEEP_PER_TASK = 10;

    /** One action run here; lines and state change while it runs. */
    static final class Job {
        final String kind;
        final Instant startedAt = Instant.now();
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile String state = "RUNNING";
        volatile String result;
        volatile Instant finishedAt;

        Job(String kind) {
            this.kind = kind;
        }

        Map<String, Object> view() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("kind", kind);
            m.put("state", state);
            m.put("startedAt", startedAt.toString());
            m.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            m.put("lines", List.copyOf(lines));
            m.put("result", result);
            return m;
        }
    }

    private final LocalPlatform platform;
    private final Map<String, List<Job>> jobs = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sluice-console-job");
        t.setDaemon(true);
        return t;
    });

    TaskJobs(LocalPlatform platform) {
        this.platform = platform;
    }

    List<Map<String, Object>> list(String taskId) {
        platform.control().tasks().require(taskId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Job j : jobs.getOrDefault(taskId, List.of())) {
            out.add(0, j.view());
        }
        return out;
    }

    /** Starts 'sluice verify ID' (with {@code --repair} when asked) in the background. */
    Map<String, Object> verify(String taskId, boolean repair) {
        TaskRecord t = platform.control().tasks().require(taskId);
        return start(taskId, repair ? "verify --repair" : "verify", job -> {
            var control = platform.control();
            var service = new VerificationService(control.tasks(), control.documents(), platform.stateTable());
            var outcome = service.run(taskId, VerifyOptions.forTask(t.spec()), repair, false);
            job.lines.add(outcome.report().summary());
            if (outcome.repair() != null) {
                job.lines.add(String.format("repaired: %,d rows written, %,d rows deleted", outcome.repair().rowsWritten(),
                        outcome.repair().rowsDeleted()));
                job.lines.add("after repair: " + outcome.afterRepair().summary());
            }
            var last = outcome.afterRepair() != null ? outcome.afterRepair() : outcome.report();
            job.result = last.equal() ? "equal" : "DIFFERENT";
            return last.equal();
        });
    }

    /** Starts 'sluice cutover ID --read-only' in the background: the confirmation was the console's dialog. */
    Map<String, Object> cutover(String taskId) {
        TaskRecord t = platform.control().tasks().require(taskId);
        return start(taskId, "cutover --read-only", job -> {
            CutoverOptions options = CutoverOptions.defaults(VerifyOptions.forTask(t.spec())).withReadOnly(true)
                    .withTimeouts(Duration.ofSeconds(600), Duration.ofMinutes(10));
            Cutover cutover = new Cutover(taskId, t.spec(), platform.stateTable(), options, () -> { },
                    job.lines::add);
            CutoverResult r;
            try {
                r = cutover.run();
            } catch (Exception e) {
                job.lines.add("failed; "  + cutover.abort());
                throw e;
            }
            job.result = r.toText();
            return r.done();
        });
    }

    private interface Work {
        boolean run(Job job) throws Exception;
    }

    private synchronized Map<String, Object> start(String taskId, String kind, Work work) {
        List<Job> list = jobs.computeIfAbsent(taskId, k -> new CopyOnWriteArrayList<>());
        for (Job j : list) {
            if (j.state.equals("RUNNING")) {
                throw new IllegalStateException("task " + taskId + " has '" + j.kind + "' running since "
                        + j.startedAt + "; wait for it to finish (see 'Actions run here')");
            }
        }
        Job job = new Job(kind);
        list.add(job);
        while (list.size() > KEEP_PER_TASK) {
            list.remove(0);
        }
        pool.submit(() -> {
            try {
                job.state = work.run(job) ? "SUCCEEDED" : "FAILED";
            } catch (Exception e) {
                LOG.warnf("console action %s of task %s failed: %s", kind, taskId, e.getMessage());
                job.lines.add("error: " + e.getMessage());
                job.state = "FAILED";
            } finally {
                job.finishedAt = Instant.now();
            }
        });
        return job.view();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
