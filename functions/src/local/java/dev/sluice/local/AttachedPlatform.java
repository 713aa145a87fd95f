package dev.sluice.local;

import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import java.util.Optional;

/** The platform of a running 'sluice serve' (or foreground 'sluice start'), reached through its endpoints. */
public final class AttachedPlatform extends RemotePlatform {
    private final SluiceHome.Daemon daemon;

    public AttachedPlatform(SluiceHome.Daemon daemon, String token) {
        super(Clients.sfn(daemon.sfnEndpoint(), token),
                new StateTable(StateBeans.dynamoDb(Optional.of(daemon.dynamoEndpoint()), Clients.LOCAL_REGION.id(),
                        Clients.credentials(token)), LocalPlatform.TABLE),
                daemon.stateMachineArn());
        this.daemon = daemon;
    }

    @Override
    public String describe() {
        return "Sluice process " + daemon.pid() + " (Step Functions API " + daemon.sfnEndpoint() + ")";
    }
}
