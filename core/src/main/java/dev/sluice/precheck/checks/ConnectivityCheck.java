package dev.sluice.precheck.checks;

import dev.sluice.connectivity.EndpointReport;
import dev.sluice.connectivity.StepResult;
import dev.sluice.connectivity.StepStatus;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.List;

/** Reuses the connectivity test: each endpoint must be reachable and log in; nothing else runs otherwise. */
public final class ConnectivityCheck implements Check {
    public static final String ID = "connectivity";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) {
        List<CheckResult> out = new ArrayList<>();
        for (EndpointReport e : ctx.connectivity().endpoints()) {
            if (e.ok()) {
                String warnings = e.steps().stream().filter(s -> s.status() == StepStatus.WARN)
                        .map(StepResult::message).reduce((a, b) -> a + "; " + b).orElse(null);
                out.add(warnings == null ? CheckResult.pass(ID, e.summary())
                        : CheckResult.warn(ID, e.summary(), warnings, "see the message; the task can run as is"));
            } else {
                StepResult f = e.firstFailure().orElseThrow();
                out.add(CheckResult.fail(ID, e.role() + " " + f.step().label() + " failed",
                        "no other check can run against an endpoint Sluice cannot log in to", f.message()));
            }
        }
        return out;
    }
}
