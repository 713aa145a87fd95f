package dev.sluice.cutover;

import dev.sluice.verification.VerifyOptions;
import java.time.Duration;

/**
 * Cutover settings: the delay that counts as "not delayed" and how long to wait for it, whether Sluice sets the
 * source read-only itself (else the user stops the application's writes), how long the drain to the final
 * position may take, how verification runs, and whether it compares every table ({@code full}) instead of only
 * the keys replication changed since the last equal full verification (ADR 0053).
 */
public record CutoverOptions(double maxDelaySeconds, Duration notDelayedTimeout, boolean setReadOnly,
                             Duration drainTimeout, VerifyOptions verify, boolean full) {

    public static CutoverOptions defaults(VerifyOptions verify) {
        return new CutoverOptions(1.0, Duration.ofMinutes(30), false, Duration.ofMinutes(10), verify, false);
    }

    public CutoverOptions withReadOnly(boolean on) {
        return new CutoverOptions(maxDelaySeconds, notDelayedTimeout, on, drainTimeout, verify, full);
    }

    public CutoverOptions withTimeouts(Duration notDelayed, Duration drain) {
        return new CutoverOptions(maxDelaySeconds, notDelayed, setReadOnly, drain, verify, full);
    }

    /** Verify every table in the write-stop window, not only what replication changed since the last full one. */
    public CutoverOptions withFull(boolean on) {
        return new CutoverOptions(maxDelaySeconds, notDelayedTimeout, setReadOnly, drainTimeout, verify, on);
    }
}
