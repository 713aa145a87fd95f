package dev.sluice.workflow;

/** Builds and parses state machine and execution ARNs shaped like AWS's (arn:aws:states:region:account:...). */
public final class Arns {
    private final String region;
    private final String account;

    public Arns(String region, String account) {
        this.region = region;
        this.account = account;
    }

    public String stateMachine(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    public String execution(String stateMachineName, String executionName) {
        return "arn:aws:states:" + region + ":" + account + ":execution:" + stateMachineName + ":" + executionName;
    }

    /** The state machine name of a state machine ARN; throws InvalidArn when it is not one. */
    public static String stateMachineName(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":");
        if (p.length != 7 || !p[0].equals("arn") || !p[2].equals("states") || !p[5].equals("stateMachine")) {
            throw new SfnException("InvalidArn", "Invalid Arn: '" + arn + "' is not a state machine ARN "
                    + "(arn:aws:states:<region>:<account>:stateMachine:<name>)");
        }
        return p[6];
    }

    /** The state machine ARN an execution ARN belongs to; throws InvalidArn when it is not an execution ARN. */
    public static String stateMachineOfExecution(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":");
        if (p.length != 8 || !p[0].equals("arn") || !p[2].equals("states") || !p[5].equals("execution")) {
            throw new SfnException("InvalidArn", "Invalid Arn: '" + arn + "' is not an execution ARN "
                    + "(arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>)");
        }
        return String.join(":", p[0], p[1], p[2], p[3], p[4], "stateMachine", p[6]);
    }

    /** Validates a state machine or execution name as AWS does; throws InvalidName naming the problem. */
    public static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 80) {
            throw new SfnException("InvalidName", "Invalid Name: the " + what + " name must be 1 to 80 characters");
        }
        for (char c : name.toCharArray()) {
            if (Character.isWhitespace(c) || Character.isISOControl(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".indexOf(c) >= 0) {
                throw new SfnException("InvalidName", "Invalid Name: '" + name + "' contains '" + c
                        + "'; use letters, digits, '-' and '_'");
            }
        }
    }
}
