import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * One Lambda cold start of the Sluice package, as far as it can be reproduced without AWS (bench/lambda-cold-start.sh,
 * docs/aws.md): in a fresh JVM on the Lambda package's class path, {@code new QuarkusStreamHandler()} (the
 * template's Handler: its class initialization boots Quarkus, which SnapStart's snapshot replaces), then the first
 * {@code handleRequest} with a Step Functions-shaped event ({"taskId": ...} for the function QUARKUS_FUNQY_EXPORT
 * names), against a DynamoDB API on loopback. Prints {@code launch->main main->booted first-invocation} in ms,
 * wall clock and CPU time of the process (less sensitive to a busy machine than the wall clock);
 * {@code launch} is the shell's clock just before {@code java} started (argument 1, epoch nanoseconds).
 * {@code setup} mode creates the state table and one task there (run once, in its own JVM, before measuring).
 * Reflection only: compiled against nothing but the JDK.
 */
public class LambdaColdStart {
    public static void main(String[] args) throws Throwable {
        if (args[0].equals("setup")) {
            setup(args[1]);
            return;
        }
        long mainNanos = System.currentTimeMillis() * 1_000_000L;
        long t0 = System.nanoTime();
        long cpu0 = cpuMillis();
        long launch = Long.parseLong(args[0]);
        String event = "{\"taskId\":\"" + args[1] + "\"}";
        Class<?> h = Class.forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler");
        Object handler = h.getConstructor().newInstance();
        long t1 = System.nanoTime();
        long cpu1 = cpuMillis();
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Object context = Proxy.newProxyInstance(LambdaColdStart.class.getClassLoader(), new Class<?>[] {contextType},
                (p, m, a) -> switch (m.getName()) {
                    case "getRemainingTimeInMillis" -> 900_000;
                    case "getAwsRequestId" -> "cold-start-1";
                    case "getFunctionName" -> "sluice-" + System.getenv("QUARKUS_FUNQY_EXPORT");
                    case "getMemoryLimitInMB" -> 1024;
                    default -> null;
                });
        Method handle = h.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handle.invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        long t2 = System.nanoTime();
        long cpu2 = cpuMillis();
        System.out.printf("launch->main %d ms, main->booted %d ms, first invocation %d ms, total %d ms; "
                        + "CPU (all threads) to main %d ms, boot %d ms, invocation %d ms, total %d ms; output %s%n",
                (mainNanos - launch) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (mainNanos - launch + t2 - t0) / 1_000_000, cpu0, cpu1 - cpu0, cpu2 - cpu1, cpu2,
                out.toString(StandardCharsets.UTF_8));
        System.exit(0);
    }

    /** CPU time (user + system, every thread) of this process so far, from /proc/self/stat (10 ms ticks). */
    private static long cpuMillis() throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** Creates the state table and one full task (the lambda package's own classes) at DynamoDB {@code endpoint}. */
    private static void setup(String endpoint) throws Throwable {
        Class<?> beans = Class.forName("dev.sluice.state.StateBeans");
        Object client = beans.getMethod("dynamoDb", java.util.Optional.class, String.class)
                .invoke(null, java.util.Optional.of(endpoint), "us-east-1");
        Class<?> ddb = Class.forName("software.amazon.awssdk.services.dynamodb.DynamoDbClient");
        Object table = Class.forName("dev.sluice.state.StateTable").getConstructor(ddb, String.class)
                .newInstance(client, "sluice-state");
        table.getClass().getMethod("ensureExists").invoke(table);
        Object spec = Class.forName("dev.sluice.task.TaskFiles").getMethod("parse", String.class, String.class)
                .invoke(null, """
                        name: coldstart
                        source: {host: 127.0.0.1, port: 3306, user: u, password: env:X}
                        destination: {host: 127.0.0.1, port: 3307, user: u, password: env:X}
                        types: [full]
                        objects: [{database: shop}]
                        """, "cold start");
        Object tasks = Class.forName("dev.sluice.state.Tasks").getConstructor(table.getClass()).newInstance(table);
        Object task = tasks.getClass().getMethod("create", Class.forName("dev.sluice.task.TaskSpec"))
                .invoke(tasks, spec);
        System.out.println(task.getClass().getMethod("id").invoke(task));
        System.exit(0);
    }
}
