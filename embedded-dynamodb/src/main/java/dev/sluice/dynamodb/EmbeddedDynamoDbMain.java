package dev.sluice.dynamodb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Command-line entry point: runs the embedded DynamoDB standalone until the process is stopped. */
public final class EmbeddedDynamoDbMain {
    private EmbeddedDynamoDbMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = null;
        String host = "127.0.0.1";
        int port = 8000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--in-memory" -> dataDir = null;
                case "--host" -> host = value(args, ++i, a);
                case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + a);
                    usage();
                    System.exit(2);
                }
            }
        }
        EmbeddedDynamoDb db;
        try {
            db = EmbeddedDynamoDb.start(dataDir, host, port);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            db.close();
            stopped.countDown();
        }, "sluice-dynamodb-shutdown"));
        System.out.println("Sluice embedded DynamoDB listening on " + db.endpoint()
                + (dataDir == null ? " (in memory)" : " (data dir " + dataDir.toAbsolutePath() + ")"));
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void usage() {
        System.out.println("usage: EmbeddedDynamoDbMain [--data-dir DIR | --in-memory] [--host HOST] [--port PORT]\n"
                + "  Serves the DynamoDB JSON API; point the AWS SDK/CLI at http://HOST:PORT (default 127.0.0.1:8000).");
    }
}
