package dev.sluice.cli;

import dev.sluice.local.Platform;
import dev.sluice.local.Platforms;
import dev.sluice.local.SluiceHome;
import dev.sluice.settings.Settings;
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

    /**
     * For commands about existing tasks: like {@link #open()}, but a local home that does not exist is an error
     * that says where Sluice looked, instead of a new empty home.
     */
    Platform openExisting() {
        SluiceHome h = SluiceHome.resolve(home);
        if (!aws && !java.nio.file.Files.isDirectory(h.dir())) {
            throw new IllegalArgumentException("no Sluice home at " + h.dir() + " (" + (home != null ? "--home"
                    : Settings.HOME.value().isPresent() ? "$SLUICE_HOME" : "./.sluice in the current directory")
                    + "), so no tasks here; run the command in the directory where you started the tasks, or pass "
                    + "--home DIR or set SLUICE_HOME ('sluice list' then shows the task ids)");
        }
        return Platforms.open(aws, h);
    }

    SluiceHome home() {
        return SluiceHome.resolve(home);
    }
}
