package dev.sluice.local;

import dev.sluice.control.TaskControl;
import dev.sluice.state.StateTable;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A platform whose executions run elsewhere (a 'sluice serve' process, or AWS): this process only holds the
 * Step Functions and DynamoDB clients.
 */
abstract class RemotePlatform implements Platform {
    private final SfnClient sfn;
    private final StateTable table;
    private final TaskControl control;

    RemotePlatform(SfnClient sfn, StateTable table, String stateMachineArn) {
        this.sfn = sfn;
        this.table = table;
        this.control = new TaskControl(table, sfn, stateMachineArn);
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
    public void close() {
        sfn.close();
        table.client().close();
    }
}
