package dev.sluice.workflow.asl;

import java.util.List;

/** One Catch entry: the errors it handles, where the error output goes, and the fallback state. */
public record Catcher(List<String> errorEquals, String resultPath, String next) {
}
