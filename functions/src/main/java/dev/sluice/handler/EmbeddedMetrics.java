package dev.sluice.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * CloudWatch metrics of the functions on Lambda: one JSON line in CloudWatch embedded metric format (EMF) on
 * standard output, which Lambda sends to CloudWatch Logs and CloudWatch turns into metrics in the namespace
 * {@value #NAMESPACE} with the dimensions {@code Stack} and {@code Stack, TaskId} (no API call, no permission).
 * The same quantities as {@code /metrics} of 'sluice serve' (docs/console.md); counts are the increments since the
 * function's previous line, so CloudWatch's Sum over a period is what happened in it.
 */
final class EmbeddedMetrics {
    static final String NAMESPACE = "Sluice";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One metric of a line: a value, or several (an EMF array, at most 100, each one observation). */
    record Metric(String name, String unit, double value, double[] values) {
        static Metric of(String name, String unit, double value) {
            return new Metric(name, unit, value, null);
        }

        static Metric count(String name, double value) {
            return of(name, "Count", value);
        }

        static Metric values(String name, String unit, double[] values) {
            return new Metric(name, unit, Double.NaN, values);
        }
    }

    private final String stack;
    private final PrintStream out;

    EmbeddedMetrics(String stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** The metrics of this function on Lambda (where the stack name is set); null elsewhere. */
    static EmbeddedMetrics onLambda() {
        String stack = dev.sluice.settings.Settings.STACK_NAME.string(null);
        if (!dev.sluice.settings.Settings.onLambda() || stack == null || stack.isBlank()) {
            return null;
        }
        return new EmbeddedMetrics(stack, System.out);
    }

    /** Writes one line for the task (a metric with an empty array of values is left out). */
    void emit(String taskId, List<Metric> metrics, Instant at) {
        String line = line(stack, taskId, metrics, at);
        if (line != null) {
            out.println(line);
            out.flush();
        }
    }

    /** The EMF line, or null when no metric has a value. */
    static String line(String stack, String taskId, List<Metric> metrics, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dims = directive.putArray("Dimensions");
        dims.addArray().add("Stack");
        dims.addArray().add("Stack").add("TaskId");
        ArrayNode names = directive.putArray("Metrics");
        root.put("Stack", stack);
        root.put("TaskId", taskId);
        for (Metric m : metrics) {
            if (m.values() == null) {
                root.put(m.name(), m.value());
            } else if (m.values().length == 0) {
                continue;
            } else {
                ArrayNode values = root.putArray(m.name());
                for (double v : m.values()) {
                    values.add(v);
                }
            }
            names.addObject().put("Name", m.name()).put("Unit", m.unit());
        }
        return names.isEmpty() ? null : root.toString();
    }
}
