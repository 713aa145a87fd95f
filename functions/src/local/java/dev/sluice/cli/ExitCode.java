package dev.sluice.cli;

/** The CLI's exit codes. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
