package dev.sluice.workflow;

import static dev.sluice.workflow.SfnTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Kill -9 of the runner mid-execution (tasks sleeping in a Parallel branch and in Map iterations), then a new runner
 * on the same on-disk DynamoDB resumes the execution: finished work is not redone, in-flight tasks run again.
 */
class ResumeTest {

    /** A child JVM running {@link ResumeTestMain}, with its stdout lines queued. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(Path dir, Path callLog, String mode, Path stderr) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ResumeTestMain.class.getName(), dir.toString(), callLog.toString(), mode)
                    .redirectError(stderr.toFile()).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line starting with the prefix and returns the rest. */
        String await(String prefix, List<String> seen) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < until) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    assertTrue(process.isAlive(), "child exited early, saw " + seen);
                    continue;
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            throw new AssertionError("no '" + prefix + "' line from the child within 90 s; saw " + seen);
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.getOutputStream().close();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    @Test
    void killedRunnerResumesFromLastCompletedState(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ddb");
        Path calls = tmp.resolve("calls.log");
        String arn;
        List<String> seen = new ArrayList<>();
        try (Child first = new Child(dir, calls, "first", tmp.resolve("first.err"))) {
            arn = first.await("EXECUTION ", seen).trim();
            int port = Integer.parseInt(first.await("PORT ", seen).trim());
            // Wait until the sleeping tasks run and item 1 has finished its iteration.
            try (SfnClient sfn = Clients.sfn(port)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (true) {
                    List<HistoryEvent> h = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events();
                    long scheduled = h.stream().filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).count();
                    boolean itemDone = h.stream().anyMatch(e -> e.type() == HistoryEventType.MAP_ITERATION_SUCCEEDED);
                    if (scheduled == 5 && itemDone) {
                        break;
                    }
                    assertTrue(System.nanoTime() < until, "the first runner never reached the kill point: " + h);
                    Thread.sleep(100);
                }
            }
            first.process.destroyForcibly();
            assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(5, Files.readAllLines(calls).size(), "calls before the kill");

        try (Child again = new Child(dir, calls, "again", tmp.resolve("again.err"))) {
            assertEquals("1", again.await("RESUMED ", seen).trim());
            int port = Integer.parseInt(again.await("PORT ", seen).trim());
            try (SfnClient sfn = Clients.sfn(port)) {
                DescribeExecutionResponse d;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                do {
                    Thread.sleep(100);
                    d = sfn.describeExecution(b -> b.executionArn(arn));
                } while (d.status() == ExecutionStatus.RUNNING && System.nanoTime() < until);
                assertEquals(ExecutionStatus.SUCCEEDED, d.status(), d.error() + " " + d.cause());
                JsonNode out = json(d.output());
                assertEquals("final", out.get("step").asText());
                assertEquals(json("{\"step\":\"sleepy\",\"fast\":false}"), out.get("fan").get(0));
                assertEquals(json("[1,2,3]"), out.get("fan").get(1));

                List<HistoryEvent> h = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1000)).events();
                Map<String, Integer> scheduled = new TreeMap<>();
                for (HistoryEvent e : h) {
                    if (e.type() == HistoryEventType.TASK_SCHEDULED) {
                        JsonNode payload = json(e.taskScheduledEventDetails().parameters()).get("Payload");
                        String key = payload.get("step").asText() + (payload.has("n") ? payload.get("n").asText() : "");
                        scheduled.merge(key, 1, Integer::sum);
                    }
                }
                // Finished before the kill: run once. In flight at the kill: scheduled twice.
                assertEquals(Map.of("first", 1, "sleepy", 2, "item1", 1, "item2", 2, "item3", 2, "final", 1), scheduled);
                for (int i = 0; i < h.size(); i++) {
                    assertEquals(i + 1, h.get(i).id(), "event ids stay one sequence across the restart");
                }
                assertEquals(HistoryEventType.EXECUTION_SUCCEEDED, h.get(h.size() - 1).type());
            }
        }
        assertEquals(9, Files.readAllLines(calls).size(), "calls in total: 5 before the kill, sleepy, items 2 and 3 again, final");
    }
}
