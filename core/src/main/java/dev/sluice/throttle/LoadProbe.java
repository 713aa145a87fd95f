package dev.sluice.throttle;

/** Reads how busy the source is, as the number gh-ost throttles on ({@code Threads_running}). */
public interface LoadProbe extends AutoCloseable {
    long threadsRunning() throws Exception;

    @Override
    default void close() {
    }
}
