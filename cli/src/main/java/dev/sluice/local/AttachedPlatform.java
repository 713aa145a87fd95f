package dev.sluice.local;

import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.task.TaskSpec;
import java.util.Optional;

/** The platform of a running 'sluice serve' (or foreground 'sluice start'), reached through its endpoints. */
public final class AttachedPlatform extends RemotePlatform {
    private final SluiceHome.Daemon daemon;
    private final String token;

    public AttachedPlatform(SluiceHome.Daemon daemon, String token) {
        super(Clients.sfn(daemon.sfnEndpoint(), token),
                new StateTable(StateBeans.dynamoDb(Optional.of(daemon.dynamoEndpoint()), Clients.LOCAL_REGION.id(),
                        Clients.credentials(token)), LocalPlatform.TABLE),
                daemon.stateMachineArn());
        this.daemon = daemon;
        this.token = token;
    }

    @Override
    public void handSecrets(TaskSpec spec, String what) {
        SecretHandOff.send(daemon, token, spec, what);
    }

    @Override
    public String describe() {
        return "Sluice process " + daemon.pid() + " (Step Functions API " + daemon.sfnEndpoint() + ")";
    }
}
