package dev.sluice.fullcopy;

/** Rows and bytes one chunk copy moved (bytes = encoded value bytes, about the size of the data). */
public record CopyResult(long rows, long bytes, long millis) {
}
