package dev.sluice.workflow;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Child-JVM runner for {@link ResumeTest}: embedded DynamoDB on a data dir, the runner with its HTTP API, and a
 * "work" function that logs each call and, in the "first" run, sleeps unless the payload says fast.
 * Usage: ResumeTestMain <dataDir> <callLog> first|again. Runs until stdin closes.
 */
public final class ResumeTestMain {
    private ResumeTestMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path callLog = Path.of(args[1]);
        boolean first = args[2].equals("first");
        EmbeddedDynamoDb db = EmbeddedDynamoDb.start(dir, "127.0.0.1", 0);
        DynamoDbClient ddb = Clients.dynamo(db.endpoint());
        TestFunctions fns = new TestFunctions().register("work", (p, c) -> {
            synchronized (ResumeTestMain.class) {
                Files.writeString(callLog, p + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                System.out.println("STARTED " + p);
                System.out.flush();
            }
            if (first && !p.path("fast").asBoolean()) {
                Thread.sleep(600_000);
            }
            return p;
        });
        LocalStepFunctions sfn = new LocalStepFunctions(ddb, "resume-test", fns, LocalStepFunctions.Options.defaults());
        int resumed = sfn.start();
        int port = sfn.startHttpApi("127.0.0.1", 0);
        if (first) {
            String def;
            try (InputStream in = ResumeTestMain.class.getResourceAsStream("/asl/resume.asl.json")) {
                def = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String smArn = sfn.createStateMachine("resume-machine", def, null, null).arn();
            String input = "{\"items\":[{\"n\":1,\"fast\":true},{\"n\":2,\"fast\":false},{\"n\":3,\"fast\":false}]}";
            System.out.println("EXECUTION " + sfn.startExecution(smArn, "resume-1", input).arn());
        }
        System.out.println("RESUMED " + resumed);
        System.out.println("PORT " + port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // Run until the parent closes stdin.
        }
        sfn.close();
        ddb.close();
        db.close();
    }
}
