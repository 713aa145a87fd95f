package dev.sluice.local;

/** Picks the platform for a CLI command: AWS when asked, else the running local one, else an embedded one. */
public final class Platforms {
    private Platforms() {
    }

    public static Platform open(boolean aws, SluiceHome home) {
        if (aws) {
            return AwsPlatform.fromEnvironment();
        }
        return home.runningDaemon().<Platform>map(d -> new AttachedPlatform(d, home.token())).orElseGet(() -> LocalPlatform.start(home));
    }
}
