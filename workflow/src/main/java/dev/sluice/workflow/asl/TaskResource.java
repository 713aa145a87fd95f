package dev.sluice.workflow.asl;

/** A Task's Resource the local runner can run: Lambda (optimised or direct ARN) or starting another execution. */
public record TaskResource(Kind kind, String arn, String directFunctionName) {
    /** What kind of integration the resource is. */
    public enum Kind { LAMBDA_INVOKE, LAMBDA_FUNCTION, START_EXECUTION }

    /** Parses a Resource ARN; returns null when the runner cannot run it. */
    public static TaskResource parse(String arn) {
        if (arn == null) {
            return null;
        }
        if (arn.matches("arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:lambda:invoke")) {
            return new TaskResource(Kind.LAMBDA_INVOKE, arn, null);
        }
        if (arn.matches("arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:states:startExecution")) {
            return new TaskResource(Kind.START_EXECUTION, arn, null);
        }
        if (arn.matches("arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]+:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?")) {
            return new TaskResource(Kind.LAMBDA_FUNCTION, arn, functionName(arn));
        }
        return null;
    }

    /** The local function name of a Lambda name or (partial) ARN: the part after "function:", without qualifier. */
    public static String functionName(String nameOrArn) {
        int i = nameOrArn.indexOf("function:");
        if (i >= 0) {
            String rest = nameOrArn.substring(i + "function:".length());
            int colon = rest.indexOf(':');
            return colon < 0 ? rest : rest.substring(0, colon);
        }
        int colon = nameOrArn.lastIndexOf(':');
        return colon < 0 ? nameOrArn : nameOrArn.substring(colon + 1);
    }

    /** The resourceType/resource pair shown in history events, e.g. lambda / invoke. */
    public String historyType() {
        return kind == Kind.START_EXECUTION ? "states" : "lambda";
    }

    public String historyResource() {
        return switch (kind) {
            case LAMBDA_INVOKE -> "invoke";
            case START_EXECUTION -> "startExecution";
            case LAMBDA_FUNCTION -> arn;
        };
    }
}
