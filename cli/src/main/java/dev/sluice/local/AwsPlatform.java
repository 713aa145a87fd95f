package dev.sluice.local;

import dev.sluice.settings.Settings;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Tasks on AWS: the state machine and table deployed by infra/template.yaml, reached with the default AWS
 * credentials and region. The stack's outputs go in SLUICE_STATE_MACHINE_ARN and SLUICE_STATE_TABLE.
 */
public final class AwsPlatform extends RemotePlatform {
    private final String arn;

    private AwsPlatform(String arn, String tableName) {
        super(SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                new StateTable(StateBeans.dynamoDb(Optional.empty(), "us-east-1"), tableName), arn);
        this.arn = arn;
    }

    /** The platform named by SLUICE_STATE_MACHINE_ARN / SLUICE_STATE_TABLE. */
    public static AwsPlatform fromEnvironment() {
        String arn = Settings.STATE_MACHINE_ARN.string(null);
        if (arn == null) {
            throw new IllegalArgumentException("--aws needs SLUICE_STATE_MACHINE_ARN: set it to the StateMachineArn "
                    + "output of the infra/ stack (and SLUICE_STATE_TABLE to its StateTableName)");
        }
        return new AwsPlatform(arn, Settings.STATE_TABLE.string("sluice-state"));
    }

    @Override
    public String describe() {
        return "AWS Step Functions " + arn;
    }
}
