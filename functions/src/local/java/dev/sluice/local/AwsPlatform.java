package dev.sluice.local;

import dev.sluice.control.TaskControl;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Tasks on AWS: the state machine and table deployed by infra/template.yaml, reached with the default AWS
 * credentials and region. The stack's outputs go in SLUICE_STATE_MACHINE_ARN and SLUICE_STATE_TABLE.
 */
public final class AwsPlatform implements Platform {
    private final SfnClient sfn;
    private final StateTable table;
    private final TaskControl control;
    private final String arn;

    public AwsPlatform() {
        arn = System.getenv("SLUICE_STATE_MACHINE_ARN");
        if (arn == null || arn.isBlank()) {
            throw new IllegalArgumentException("--aws needs SLUICE_STATE_MACHINE_ARN: set it to the StateMachineArn "
                    + "output of the infra/ stack (and SLUICE_STATE_TABLE to its StateTableName)");
        }
        String tableName = Optional.ofNullable(System.getenv("SLUICE_STATE_TABLE")).orElse("sluice-state");
        sfn = SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        table = new StateTable(StateBeans.dynamoDb(Optional.empty(), "us-east-1"), tableName);
        control = new TaskControl(table, sfn, arn);
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
        return false;
    }

    @Override
    public String describe() {
        return "AWS Step Functions " + arn;
    }

    @Override
    public void close() {
        sfn.close();
        table.client().close();
    }
}
