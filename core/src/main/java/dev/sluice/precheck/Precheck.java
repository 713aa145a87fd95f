package dev.sluice.precheck;

import dev.sluice.precheck.checks.ConnectivityCheck;
import dev.sluice.task.EndpointSpec;
import dev.sluice.report.Redactor;
import dev.sluice.task.SecretRef;
import dev.sluice.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the registered checks against a task's endpoints and collects a {@link PrecheckReport}. Connectivity runs
 * first; when it fails nothing else runs. A check that throws becomes a FAIL item naming the error.
 */
public class Precheck {
    private final List<Check> checks;

    public Precheck() {
        this(Checks.all());
    }

    public Precheck(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public PrecheckReport run(TaskSpec spec) {
        List<CheckResult> results = new ArrayList<>();
        try (PrecheckContext ctx = new PrecheckContext(spec)) {
            for (Check check : checks) {
                if (!check.appliesTo(ctx)) {
                    continue;
                }
                results.addAll(runOne(check, ctx));
                if (check.id().equals(ConnectivityCheck.ID)
                        && results.stream().anyMatch(r -> r.status() == Status.FAIL)) {
                    break;
                }
            }
        }
        Redactor src = redactor(spec.source());
        Redactor dst = redactor(spec.destination());
        List<CheckResult> clean = new ArrayList<>();
        for (CheckResult r : results) {
            clean.add(new CheckResult(r.id(), r.status(), clean(r.found(), src, dst), clean(r.why(), src, dst),
                    clean(r.fix(), src, dst)));
        }
        return PrecheckReport.of(clean);
    }

    private static Redactor redactor(EndpointSpec endpoint) {
        try {
            return Redactor.of(SecretRef.passwordOf(endpoint));
        } catch (RuntimeException e) {
            return Redactor.of(null);
        }
    }

    private static String clean(String text, Redactor a, Redactor b) {
        return b.apply(a.apply(text));
    }

    private static List<CheckResult> runOne(Check check, PrecheckContext ctx) {
        try {
            return check.run(ctx);
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return List.of(CheckResult.fail(check.id(), "the check could not run: " + msg,
                    "an item that cannot be checked cannot be trusted to pass",
                    "fix the cause (usually a missing privilege on information_schema or a variable) and rerun"));
        }
    }
}
