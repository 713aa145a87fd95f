package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus text-format scrape parsed by the Prometheus client's own parser ({@code prometheus_client.parser} of
 * Debian's python3-prometheus-client): every sample as {@code name{label=value,...}} (labels sorted) to its value
 * (NaN and infinities as NaN). The parser refusing the text fails the test.
 */
public final class PrometheusText {
    private static final String PYTHON = "/usr/bin/python3";

    private PrometheusText() {
    }

    public static Map<String, Double> parse(String text, Path work) throws Exception {
        Path scrape = Files.createTempFile(work, "metrics", ".txt");
        Files.writeString(scrape, text);
        Process p = new ProcessBuilder(PYTHON, "-c", """
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                out = {}
                for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                    for s in family.samples:
                        labels = ",".join(k + "=" + v for k, v in sorted(s.labels.items()))
                        v = s.value
                        out[s.name + "{" + labels + "}"] = v if v == v and abs(v) != float("inf") else str(v)
                print(json.dumps(out))
                """, scrape.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the Prometheus parser refused the scrape:\n" + out + "\n" + text);
        Map<String, Double> m = new TreeMap<>();
        new ObjectMapper().readTree(out).fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNumber()
                ? e.getValue().asDouble() : Double.NaN));
        return m;
    }
}
