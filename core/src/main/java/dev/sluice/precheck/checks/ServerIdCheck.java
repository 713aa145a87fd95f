package dev.sluice.precheck.checks;

import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** A source with server_id=0 refuses replication clients; Sluice's own replica id must differ from it. */
public final class ServerIdCheck extends IncrementalCheck {
    @Override
    public String id() {
        return "source.server_id";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        long id = ctx.source().longVariable("server_id", 0);
        if (id == 0) {
            return List.of(CheckResult.fail(id(), "server_id=0",
                    "a server with server_id 0 refuses binlog dump connections from replicas",
                    "SET PERSIST server_id = <unique non-zero number>; (server_id=... in my.cnf on 5.7/MariaDB)"));
        }
        Integer own = ctx.spec().optionsOrDefaults().incrementalOrDefault().serverId();
        if (own != null && own == id) {
            return List.of(CheckResult.fail(id(), "server_id=" + id + " equals options.incremental.server_id",
                    "a replica with the server's own id is refused (the server thinks it is talking to itself)",
                    "set options.incremental.server_id in the task file to a number no server of the topology uses"));
        }
        return List.of(CheckResult.pass(id(), "server_id=" + id));
    }
}
