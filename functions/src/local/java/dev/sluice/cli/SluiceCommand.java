package dev.sluice.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

@TopCommand
@CommandLine.Command(name = "sluice", mixinStandardHelpOptions = true)
public class SluiceCommand implements Runnable {
    public void run() { System.out.println("sluice"); }
}
