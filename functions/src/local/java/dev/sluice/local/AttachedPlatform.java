package dev.sluice.local;

import dev.sluice.control.TaskControl;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The platform of a running 'sluice serve' (or foreground 'sluice start'), reached through its endpoints. */
public final class AttachedPlatform implements Platform {
    private final SluiceHome.Daemon daemon;
    private final SfnClient sfn;
    private final StateTable table;
    private final TaskControl control;

    public AttachedPlatform(SluiceHome.Daemon daemon) {
        this.daemon = daemon;
        this.sfn = Clients.sfn(daemon.sfnEndpoint());
        this.table = new StateTable(StateBeans.dynamoDb(Optional.of(daemon.dynamoEndpoint()),
                Clients.LOCAL_REGION.id()), LocalPlatform.TABLE);
        this.control = new TaskControl(table, sfn, daemon.stateMachineArn());
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
        return "Sluice process " + daemon.pid() + " (Step Functions API " + daemon.sfnEndpoint() + ")";
    }

    @Override
    public void close() {
        sfn.close();
        table.client().close();
    }
}
