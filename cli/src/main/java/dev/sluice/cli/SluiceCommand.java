package dev.sluice.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: validate, test, precheck, start, watch, stop and resume migration tasks. */
@TopCommand
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "Serverless data migration for MySQL-compatible databases (schema, full copy, binlog).",
        footer = {"", "Exit codes: 0 ok, 1 task or check failed, 2 usage or bad input."},
        subcommands = {ValidateCommand.class, TestConnectionCommand.class, PrecheckCommand.class,
                StartCommand.class, StatusCommand.class, StopCommand.class, ResumeCommand.class, ReloadCommand.class, ObjectsCommand.class,
                ResnapshotCommand.class, ListCommand.class,
                ThrottleCommand.class, VerifyCommand.class, CutoverCommand.class, RollbackCommand.class, ServeCommand.class, ConsoleCommand.class})
public class SluiceCommand {
}
