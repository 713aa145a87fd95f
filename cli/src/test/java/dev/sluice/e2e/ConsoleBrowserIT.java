package dev.sluice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.local.SluiceHome;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbServerExtension;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.PrometheusText;
import dev.sluice.testing.Sakila;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 14: the console in headless Chromium (the Debian package, through chromium-driver) during a real migration
 * by 'sluice serve': a task that fails its precheck shows Precheck and the failure path in red with the error (the
 * old console showed them green); a task created from the console's form (inline validation first) walks to
 * ReplicateBinlog, whose state is highlighted as running, with real numbers in the precheck, full-copy and
 * replication panels; Stop and Resume from the buttons work; {@code /metrics} parses with the Prometheus Python
 * client's text parser; the alert webhook hears the failure and "ready to cut over". Screenshots go to
 * {@code target/console-screenshots}.
 */
class ConsoleBrowserIT {
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @RegisterExtension
    static final DbServerExtension SERVERS = DbServerExtension.create();

    @TempDir
    Path work;

    @Test
    void consoleShowsTheWorkflowReportsAndActionsOfARealMigration() throws Exception {
        for (String f : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(Path.of(f)), f + " is missing: scripts/prerequisites.sh --install test "
                    + "installs chromium and chromium-driver");
        }
        DbServer src = SERVERS.start(Flavor.MYSQL_80);
        DbServer dst = SERVERS.start(Flavor.MYSQL_80);
        Sakila.load(src, "sakila");
        long sakilaRows = 0;
        for (var row : src.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila' "
                + "AND TABLE_TYPE = 'BASE TABLE'")) {
            sakilaRows += src.queryLong("SELECT COUNT(*) FROM sakila.`" + row.values().iterator().next() + "`");
        }
        // a task that must fail its precheck: its table exists on the destination already
        for (DbServer s : List.of(src, dst)) {
            s.execute("CREATE DATABASE shop");
            s.executeIn("shop", "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
        }
        src.executeIn("shop", "INSERT INTO items VALUES (1, 'a'), (2, 'b')");

        List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        hook.createContext("/hook", ex -> {
            alerts.add(SluiceApp.json().readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();

        Path home = work.resolve("home");
        Map<String, String> env = Map.of("CONSOLE_IT_PW", src.rootPassword(), "SLUICE_HOME", home.toString());
        Path log = work.resolve("serve.log");
        SluiceApp app = SluiceApp.launch(log, env, "serve", "--port", "0", "--allow-secret-ref", "env:CONSOLE_IT_PW",
                "--alert-webhook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook?secret=not-logged",
                "--alert-delay-seconds", "600");
        WebDriver driver = null;
        try {
            SluiceHome.Daemon d = SluiceApp.awaitDaemon(SluiceHome.resolve(home.toString()), app, Duration.ofMinutes(2));
            String api = d.apiEndpoint();
            String token = Files.readString(home.resolve("token")).strip();
            String bad = createTask(api, token, task("shop-fails-precheck", src, dst, "shop"));

            driver = chromium();
            driver.get(SluiceApp.awaitLoginLink(log));
            WebDriver b = driver;

            // 1. the failed task: Precheck and the failure path red, with the error; the states before it green
            await(b, Duration.ofMinutes(3), "Precheck shown failed", x -> "failed".equals(status(x, "Precheck")));
            assertEquals("failed", status(b, "RecordFailure"));
            assertEquals("failed", status(b, "Failed"));
            assertEquals("succeeded", status(b, "Route"));
            assertEquals("succeeded", status(b, "TestConnectivity"));
            assertEquals("notrun", status(b, "CreateSchema"));
            clickState(b, "Precheck");
            await(b, Duration.ofSeconds(20), "the Precheck state's detail", x -> text(x, "#state-title").startsWith("Precheck"));
            assertTrue(text(b, "#state-error").contains("PrecheckFailed"), text(b, "#state-error"));
            assertTrue(text(b, "#task-error").length() > 10, "task error shown");
            assertEquals("FAILED", text(b, "#precheck-result"));
            assertTrue(count(b, "#precheck-table tr.check-FAIL") > 0, "a FAIL row");
            assertTrue(text(b, "#precheck-table").contains("shop"), text(b, "#precheck-table"));
            shot(b, "1-failed-precheck");

            // 2. create a task from the console: inline validation names the bad key, then the good file starts
            b.findElement(By.id("btn-create")).click();
            WebElement area = b.findElement(By.id("create-text"));
            area.sendKeys(task("sakila-console", src, dst, "sakila").replace("user: root", "usr: root"));
            b.findElement(By.id("create-validate")).click();
            await(b, Duration.ofSeconds(20), "validation problems", x -> text(x, "#create-problems").contains("unknown key 'usr'"));
            shot(b, "2-create-validation");
            area.clear();
            area.sendKeys(task("sakila-console", src, dst, "sakila"));
            b.findElement(By.id("create-validate")).click();
            await(b, Duration.ofSeconds(20), "valid", x -> text(x, "#create-problems").contains("valid task 'sakila-console'"));
            b.findElement(By.id("create-submit")).click();
            await(b, Duration.ofSeconds(30), "the new task selected", x -> text(x, "#overview h2").contains("sakila-console"));
            String good = String.valueOf(((JavascriptExecutor) b).executeScript(
                    "return document.querySelector('#tasks tr.sel').dataset.id;"));
            assertNotEquals(bad, good);

            // 3. it walks to ReplicateBinlog: the current state highlighted running, real numbers in the panels
            await(b, Duration.ofMinutes(6), "ReplicateBinlog running", x -> "running".equals(status(x, "ReplicateBinlog")));
            for (String s : List.of("Route", "TestConnectivity", "Precheck", "CreateSchema", "PlanFullCopy",
                    "CopyFullData", "CopyChunks", "FinishSchema")) {
                assertTrue(List.of("succeeded", "retried").contains(status(b, s)), s + " is " + status(b, s));
            }
            assertEquals("notrun", status(b, "RecordFailure"));
            assertEquals("passed", text(b, "#precheck-result"));
            assertTrue(count(b, "#precheck-table tr.check-PASS") > 0, "PASS rows");
            assertEquals("100.0%", text(b, "#copy-percent"));
            assertEquals(sakilaRows, number(text(b, "#copy-rows")), "rows copied shown");
            assertTrue(count(b, "#map-workers tbody tr") > 0, "Map view rows");
            for (int i = 0; i < 40; i++) {
                src.executeIn("sakila", "INSERT INTO actor (first_name, last_name) VALUES ('CONSOLE', 'IT" + i + "')");
            }
            await(b, Duration.ofMinutes(2), "40 replicated rows shown", x -> number(text(x, "#replication-rows")) >= 40);
            await(b, Duration.ofSeconds(30), "per-table counts", x -> text(x, "#replication-tables").contains("sakila.actor"));
            assertFalse(text(b, "#replication-delay").contains("not replicating"), text(b, "#replication-delay"));
            shot(b, "3-replicating");

            // 4. stop and resume from the buttons (each confirmed)
            click(b, "btn-stop");
            click(b, "confirm-ok");
            await(b, Duration.ofMinutes(2), "STOPPED", x -> text(x, "#task-status").equals("STOPPED"));
            await(b, Duration.ofSeconds(20), "a stopped task is not 'not delayed'",
                    x -> text(x, "#replication-delay").contains("not replicating: task STOPPED"));
            shot(b, "4-stopped");
            click(b, "btn-resume");
            click(b, "confirm-ok");
            await(b, Duration.ofMinutes(2), "RUNNING again", x -> text(x, "#task-status").equals("RUNNING"));
            await(b, Duration.ofMinutes(2), "ReplicateBinlog running again", x -> "running".equals(status(x, "ReplicateBinlog")));
            assertTrue(text(b, "#executions").contains("ABORTED") || text(b, "#executions").contains("SUCCEEDED"),
                    "the stopped execution is in the history: " + text(b, "#executions"));
            shot(b, "5-resumed");
            assertTrue(count(b, "#executions tbody tr") >= 2, "start and resume: " + text(b, "#executions"));

            // 4b. reconnects, the apply-batch latency and the delay chart from the samples the replicator stored
            src.executeIn("sakila", "UPDATE actor SET last_name = 'IT-RESUMED' WHERE first_name = 'CONSOLE'");
            await(b, Duration.ofMinutes(2), "a reconnect counted", x -> number(text(x, "#replication-reconnects")) >= 1);
            await(b, Duration.ofSeconds(60), "apply batch latency", x -> text(x, "#replication-batch-mean").endsWith("ms"));
            b.navigate().refresh(); // the chart's points survive a page load: they are stored, not page samples
            await(b, Duration.ofSeconds(60), "chart with stored points", x -> chartPoints(x, "stored") >= 2);
            assertTrue(chartPoints(b, "points") >= 2);
            await(b, Duration.ofSeconds(60), "events/s", x -> !text(x, "#replication-eps").equals("-"));

            // 4c. the throttle in force, changed from the form
            WebElement rps = b.findElement(By.cssSelector("#throttle-form input[name=rowsPerSecond]"));
            rps.sendKeys("50000");
            click(b, "btn-throttle");
            click(b, "confirm-ok");
            await(b, Duration.ofSeconds(20), "throttle in force", x -> text(x, "#throttle-now").contains("50000 rows/s"));

            // 4d. verify from the button: progress, then the result with its finish time and duration
            click(b, "btn-verify");
            click(b, "confirm-ok");
            await(b, Duration.ofMinutes(3), "verify result", x -> text(x, "#verify-result").contains("finished"));
            String verified = text(b, "#verify-result");
            assertTrue(verified.contains(": equal"), verified);
            java.util.regex.Matcher compared = java.util.regex.Pattern.compile("([0-9,]+) rows compared in [0-9]+ tables")
                    .matcher(verified);
            assertTrue(compared.find() && number(compared.group(1)) >= sakilaRows, "rows compared: " + verified);
            assertTrue(verified.matches("(?s).*finished \\S+ after [0-9]+.*"), "its finish time and duration: " + verified);
            // regression: every table of an equal run showed 'differs' in red (the page read TableReport.equal,
            // which the JSON does not carry)
            assertEquals(count(b, "#verify-tables tbody tr"), count(b, "#verify-tables tbody td.PASS"),
                    text(b, "#verify-tables"));
            assertFalse(text(b, "#verify-tables").contains("differs"), text(b, "#verify-tables"));
            ((JavascriptExecutor) b).executeScript("document.querySelector('#sec-verify').scrollIntoView();");
            shot(b, "5b-verify-replication-throttle");

            // 5. /metrics in the Prometheus text format, parsed by the Prometheus client's parser
            Map<String, Double> m = prometheus(api, token);
            for (int i = 0; i < 60 && m.getOrDefault("sluice_binlog_connections_total{task=" + good + "}", 0.0) < 2; i++) {
                Thread.sleep(1000); // the resumed slice mirrors its first status within seconds
                m = prometheus(api, token);
            }
            assertEquals((double) sakilaRows, m.get("sluice_copy_rows_total{task=" + good + "}"), m.toString());
            assertEquals(1.0, m.get("sluice_task_failed{task=" + bad + "}"), m.toString());
            assertEquals(0.0, m.get("sluice_task_failed{task=" + good + "}"), m.toString());
            assertEquals(1.0, m.get("sluice_workflow_failed_executions_total{task=" + bad + "}"), m.toString());
            assertTrue(m.get("sluice_replication_events_total{kind=insert,task=" + good + "}") >= 40, m.toString());
            assertTrue(m.get("sluice_binlog_connections_total{task=" + good + "}") >= 2, "stop + resume reconnects");
            assertTrue(m.containsKey("sluice_replication_delay_seconds{task=" + good + "}"), m.toString());
            double batches = m.get("sluice_replication_apply_batch_seconds_count{task=" + good + "}");
            assertTrue(batches >= 1, m.toString());
            assertEquals(batches, m.get("sluice_replication_apply_batch_seconds_bucket{le=+Inf,task=" + good + "}"));
            assertEquals(0.0, m.get("sluice_copy_rows_in_flight{task=" + good + "}"), "no chunk runs any more");
            assertTrue(m.get("sluice_verify_rows_compared{task=" + good + "}") >= sakilaRows, m.toString());

            // 6. the webhook heard the failure and "ready to cut over"; its secret query is not in the log
            await(b, Duration.ofSeconds(30), "alerts", x -> alerts.stream().anyMatch(a -> a.path("event").asText()
                    .equals("ready_to_cut_over") && a.path("taskId").asText().equals(good)));
            assertTrue(alerts.stream().anyMatch(a -> a.path("event").asText().equals("task_failed")
                    && a.path("taskId").asText().equals(bad)), alerts.toString());
            assertFalse(Files.readString(log).contains("not-logged"), "the webhook's query was logged");
        } finally {
            if (driver != null) {
                driver.quit();
            }
            app.close();
            hook.stop(0);
        }
    }

    private static String task(String name, DbServer src, DbServer dst, String db) {
        return """
                name: %s
                source: {host: 127.0.0.1, port: %d, user: root, password: env:CONSOLE_IT_PW, tls: disabled}
                destination: {host: 127.0.0.1, port: %d, user: root, password: env:CONSOLE_IT_PW, tls: disabled}
                types: [schema, full, incremental]
                objects:
                  - database: %s
                options:
                  full_copy: {workers: 2, chunk_rows: 4000}
                  incremental: {slice_seconds: 30}
                """.formatted(name, src.port(), dst.port(), db);
    }

    private static String createTask(String api, String token, String yaml) throws Exception {
        String body = SluiceApp.json().createObjectNode().put("taskFile", yaml).toString();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/tasks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return SluiceApp.json().readTree(r.body()).path("taskId").asText();
    }

    private static WebDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1300", "--user-data-dir=" + System.getProperty("java.io.tmpdir") + "/sluice-console-it-"
                        + ProcessHandle.current().pid());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** The status the graph shows for a state (its {@code data-status}), read in one script (the page redraws). */
    private static String status(WebDriver b, String state) {
        Object v = ((JavascriptExecutor) b).executeScript("const el = document.querySelector(\"g.state[data-state='\" "
                + "+ arguments[0] + \"']\"); return el ? el.getAttribute('data-status') : null;", state);
        return v == null ? null : v.toString();
    }

    private static void clickState(WebDriver b, String state) {
        for (int i = 0; ; i++) {
            try {
                WebElement el = b.findElement(By.cssSelector("g.state[data-state='" + state + "']"));
                ((JavascriptExecutor) b).executeScript("arguments[0].scrollIntoView({block: 'center'});", el);
                el.click();
                return;
            } catch (StaleElementReferenceException e) {
                if (i > 5) {
                    throw e;
                }
            }
        }
    }

    /** Clicks a button the console may have re-rendered meanwhile (it refreshes every 2 s). */
    private static void click(WebDriver b, String id) {
        await(b, Duration.ofSeconds(20), "click " + id, x -> {
            WebElement el = x.findElement(By.id(id));
            if (!el.isDisplayed() || !el.isEnabled()) {
                return false;
            }
            el.click();
            return true;
        });
    }

    /** The text of the first element matching {@code css} ("" if none), read in one script (the page redraws). */
    private static String text(WebDriver b, String css) {
        Object v = ((JavascriptExecutor) b).executeScript("const el = document.querySelector(arguments[0]); "
                + "return el ? el.innerText : '';", css);
        return v == null ? "" : v.toString().strip();
    }

    /** The replication chart's points ({@code points}) or those of them the replicator stored ({@code stored}). */
    private static long chartPoints(WebDriver b, String which) {
        Object v = ((JavascriptExecutor) b).executeScript("const el = document.querySelector('#replication-chart'); "
                + "return el ? Number(el.dataset[arguments[0]]) : 0;", which);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static long count(WebDriver b, String css) {
        return ((Number) ((JavascriptExecutor) b).executeScript("return document.querySelectorAll(arguments[0]).length;",
                css)).longValue();
    }

    private static long number(String s) {
        String digits = s.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static void await(WebDriver b, Duration timeout, String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(b, timeout, Duration.ofMillis(500))
                    .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                    .withMessage(what).until(condition::apply);
        } catch (RuntimeException e) {
            shot(b, "timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    private static void shot(WebDriver b, String name) {
        try {
            Files.createDirectories(SHOTS);
            File f = ((TakesScreenshot) b).getScreenshotAs(OutputType.FILE);
            Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }

    /** Scrapes {@code /metrics} and parses it with the Prometheus client's parser ({@link PrometheusText}). */
    private Map<String, Double> prometheus(String api, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/metrics"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        return PrometheusText.parse(r.body(), work);
    }
}
