package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.local.Platforms;
import dev.sluice.local.SluiceHome;
import picocli.CommandLine.Option;

/** Options every task command takes: where local state lives, or AWS instead. */
public class CommonOptions {
    @Option(names = "--home", paramLabel = "DIR",
            description = "Local state directory (default: $SLUICE_HOME or ./.sluice).")
    String home;

    @Option(names = "--aws", description = "Use the state machine and table deployed on AWS "
            + "(SLUICE_STATE_MACHINE_ARN, SLUICE_STATE_TABLE, default AWS credentials and region).")
    boolean aws;

    Platform open() {
        return Platforms.open(aws, SluiceHome.resolve(home));
    }

    SluiceHome home() {
        return SluiceHome.resolve(home);
    }
}
