package dev.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The throwaway servers of ./demo.sh: two MySQL 8.0 servers on random loopback ports, Sakila loaded into the
 * source, a task file written for them; runs until its standard input closes, then shuts both servers down.
 */
public final class DemoServers {
    private DemoServers() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(Path.of(args[0]));
        } catch (IllegalStateException e) {
            // the harness's messages say what is wrong and what to do; a stack trace would bury that
            System.err.println("demo servers: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (DbServer src = DbServer.start(Flavor.MYSQL_80, ServerOptions.of());
             DbServer dst = DbServer.start(Flavor.MYSQL_80, ServerOptions.of())) {
            Sakila.load(src, "sakila");
            Files.writeString(dir.resolve("servers.env"), "SRC_PORT=" + src.port() + "\nDST_PORT=" + dst.port()
                    + "\nDB_PASSWORD=" + src.rootPassword() + "\n");
            Path task = dir.resolve("task.yaml.tmp");
            Files.writeString(task, """
                    # Sakila from one throwaway MySQL 8.0 server to another: schema, full copy, then the binlog.
                    name: sakila-demo
                    source:      {host: 127.0.0.1, port: %d, user: root, password: env:DEMO_DB_PASSWORD, tls: disabled}
                    destination: {host: 127.0.0.1, port: %d, user: root, password: env:DEMO_DB_PASSWORD, tls: disabled}
                    types: [schema, full, incremental]
                    objects:
                      - database: sakila
                    options:
                      full_copy: {workers: 4}
                      verify_after_full_copy: true
                    """.formatted(src.port(), dst.port()));
            Files.move(task, dir.resolve("task.yaml"));
            System.out.println("demo servers ready: source 127.0.0.1:" + src.port() + ", destination 127.0.0.1:"
                    + dst.port());
            while (System.in.read() >= 0) {
                // runs until the demo script closes our standard input
            }
        }
    }
}
