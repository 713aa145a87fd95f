package dev.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two throwaway servers of one flavor for the benchmark scripts (args: flavor, directory, then server options as
 * name=value): writes their ports to {@code <dir>/servers.env} and runs until its standard input closes, then shuts
 * both down.
 */
public final class BenchServers {
    private BenchServers() {
    }

    public static void main(String[] args) throws Exception {
        Flavor flavor = Flavor.valueOf(args[0]);
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        String[] pairs = new String[(args.length - 2) * 2];
        for (int i = 2; i < args.length; i++) {
            String[] nv = args[i].split("=", 2);
            pairs[(i - 2) * 2] = nv[0];
            pairs[(i - 2) * 2 + 1] = nv.length > 1 ? nv[1] : "";
        }
        ServerOptions options = ServerOptions.of(pairs);
        try (DbServer src = DbServer.start(flavor, options); DbServer dst = DbServer.start(flavor, options)) {
            Path env = dir.resolve("servers.env.tmp");
            Files.writeString(env, "SRC_PORT=" + src.port() + "\nDST_PORT=" + dst.port() + "\nDB_PASSWORD="
                    + src.rootPassword() + "\nSRC_PID=" + src.pid() + "\nDST_PID=" + dst.pid() + "\n");
            Files.move(env, dir.resolve("servers.env"));
            while (System.in.read() >= 0) {
                // runs until the script closes our standard input
            }
        }
    }
}
