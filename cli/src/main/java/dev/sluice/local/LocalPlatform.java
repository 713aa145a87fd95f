package dev.sluice.local;

import dev.sluice.control.TaskControl;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.handler.FunctionCatalog;
import dev.sluice.handler.FunctionNames;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import dev.sluice.workflow.LocalStepFunctions;
import dev.sluice.workflow.SfnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The embedded default: the on-disk DynamoDB-compatible store and the local Step Functions runner in this
 * process, running workflow/migration.asl.json with the Funqy functions called in process. Executions left
 * RUNNING by a killed process resume when a platform starts on the same home again.
 */
public final class LocalPlatform implements Platform {
    private static final Logger LOG = Logger.getLogger(LocalPlatform.class);
    public static final String STATE_MACHINE = "sluice-migration";
    public static final String TABLE = "sluice-state";

    private final SluiceHome home;
    private final EmbeddedDynamoDb store;
    private final LocalStepFunctions runner;
    private final SfnClient sfn;
    private final StateTable table;
    private final TaskControl control;
    private final String sfnEndpoint;
    private final String stateMachineArn;

    private LocalPlatform(SluiceHome home, EmbeddedDynamoDb store, LocalStepFunctions runner, SfnClient sfn,
                          StateTable table, String sfnEndpoint, String stateMachineArn) {
        this.home = home;
        this.store = store;
        this.runner = runner;
        this.sfn = sfn;
        this.table = table;
        this.sfnEndpoint = sfnEndpoint;
        this.stateMachineArn = stateMachineArn;
        this.control = new TaskControl(table, sfn, stateMachineArn);
    }

    /**
     * Starts the store, the runner (resuming interrupted executions) and its Step Functions API on loopback; both
     * endpoints take only requests signed with the home's token ({@link SigV4Authenticator}).
     */
    public static LocalPlatform start(SluiceHome home) {
        return start(home, 0);
    }

    /** As {@link #start(SluiceHome)}, with the Step Functions API on {@code sfnPort} (0: any free port). */
    public static LocalPlatform start(SluiceHome home, int sfnPort) {
        return start(home, sfnPort, null);
    }

    /** As {@link #start(SluiceHome, int)}, the runner calling {@code functions} (null: the CDI container's). */
    public static LocalPlatform start(SluiceHome home, int sfnPort, FunctionCatalog functions) {
        EmbeddedDynamoDb store = null;
        LocalStepFunctions runner = null;
        try {
            String token = home.token();
            store = EmbeddedDynamoDb.start(home.stateDir(), "127.0.0.1", 0, new SigV4Authenticator(token));
            String ddbEndpoint = store.endpoint().toString();
            StateBeans.useLocalEndpoint(ddbEndpoint, Clients.credentials(token));
            DynamoDbClient ddb = StateBeans.dynamoDb(Optional.of(ddbEndpoint), Clients.LOCAL_REGION.id(),
                    Clients.credentials(token));
            StateTable table = new StateTable(ddb, TABLE);
            table.ensureExists();
            runner = new LocalStepFunctions(ddb, TABLE, new InProcessInvoker(functions != null ? functions
                    : FunctionCatalog.discover()),
                    LocalStepFunctions.Options.defaults());
            String definition = definition();
            String smArn = runner.arns().stateMachine(STATE_MACHINE);
            try {
                runner.createStateMachine(STATE_MACHINE, definition, null, "STANDARD");
            } catch (SfnException e) {
                if (!"StateMachineAlreadyExists".equals(e.code())) {
                    throw e;
                }
                runner.updateStateMachine(smArn, definition, null);   // this build's definition wins
            }
            int resumed = runner.start();
            if (resumed > 0) {
                LOG.infof("resumed %d interrupted execution(s)", resumed);
            }
            int port;
            try {
                port = runner.startHttpApi("127.0.0.1", sfnPort, new SigV4Authenticator(token));
            } catch (java.net.BindException e) {
                throw new IllegalStateException("cannot serve the Step Functions API on 127.0.0.1:" + sfnPort + ": "
                        + e.getMessage() + " (another process uses the port); choose another with --sfn-port", e);
            }
            String sfnEndpoint = "http://127.0.0.1:" + port;
            LocalPlatform p = new LocalPlatform(home, store, runner, Clients.sfn(sfnEndpoint, token), table,
                    sfnEndpoint, smArn);
            home.writeDaemon(new SluiceHome.Daemon(ProcessHandle.current().pid(), ddbEndpoint, sfnEndpoint, smArn, null));
            return p;
        } catch (IOException e) {
            close(runner, store);
            throw new UncheckedIOException("cannot start the local platform in " + home.dir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(runner, store);
            throw e;
        }
    }

    /** workflow/migration.asl.json with each function placeholder replaced by the local function name. */
    public static String definition() {
        try (InputStream in = LocalPlatform.class.getClassLoader()
                .getResourceAsStream("dev/sluice/workflow/migration.asl.json")) {
            if (in == null) {
                throw new IllegalStateException("migration.asl.json is missing from the sluice-workflow jar; rebuild");
            }
            String asl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : FunctionNames.BY_PLACEHOLDER.entrySet()) {
                asl = asl.replace("${" + e.getKey() + "}", e.getValue());
            }
            return asl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the HTTP API of 'sluice serve' in daemon.json so other CLI processes find it. */
    public void announceApi(String apiEndpoint) throws IOException {
        home.writeDaemon(new SluiceHome.Daemon(ProcessHandle.current().pid(), store.endpoint().toString(),
                sfnEndpoint, stateMachineArn, apiEndpoint));
    }

    public SluiceHome home() {
        return home;
    }

    public LocalStepFunctions runner() {
        return runner;
    }

    /** The ARN of the migration state machine this platform runs. */
    public String stateMachineArn() {
        return stateMachineArn;
    }

    @Override
    public TaskControl control() {
        return control;
    }

    @Override
    public StateTable stateTable() {
        return table;
    }

    @Override
    public boolean runsExecutionsHere() {
        return true;
    }

    @Override
    public String describe() {
        return "embedded platform in this process (state in " + home.stateDir() + ")";
    }

    @Override
    public void close() {
        home.removeDaemon(ProcessHandle.current().pid());
        sfn.close();
        close(runner, store);
    }

    private static void close(LocalStepFunctions runner, EmbeddedDynamoDb store) {
        if (runner != null) {
            runner.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
