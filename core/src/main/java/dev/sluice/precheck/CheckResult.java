package dev.sluice.precheck;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One precheck item: which check ({@code id}), its status, what was found (with the values), why it matters and
 * how to fix it (the SQL statement or configuration line to change). Pass results carry no fix.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(String id, Status status, String found, String why, String fix) {

    public static CheckResult pass(String id, String found) {
        return new CheckResult(id, Status.PASS, found, null, null);
    }

    public static CheckResult warn(String id, String found, String why, String fix) {
        return new CheckResult(id, Status.WARN, found, why, fix);
    }

    public static CheckResult fail(String id, String found, String why, String fix) {
        return new CheckResult(id, Status.FAIL, found, why, fix);
    }
}
