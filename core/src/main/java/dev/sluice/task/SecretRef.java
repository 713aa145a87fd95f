package dev.sluice.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a password reference ({@code env:VAR}, {@code file:PATH}, {@code arn:aws:secretsmanager:...}) to the
 * secret at the moment a connection is opened. Errors name the reference, never the secret.
 * <p>In a 'sluice serve' process {@code env:}/{@code file:} references are not resolved here but taken from the
 * values the CLI that started or resumed the task handed over ({@link HandedSecrets}); everywhere else (a
 * foreground 'sluice start', the CLI's own commands, the Lambda) they are resolved in this process.
 */
public final class SecretRef {
    private SecretRef() {
    }

    public static boolean isReference(String ref) {
        return ref.startsWith("env:") || ref.startsWith("file:") || ref.startsWith("arn:aws:secretsmanager:");
    }

    /** {@code env:} and {@code file:} references: resolved by the process that reads the task file. */
    public static boolean isLocal(String ref) {
        return ref != null && (ref.startsWith("env:") || ref.startsWith("file:"));
    }

    /**
     * The password of {@code endpoint}, or an empty string when none is given: from the values handed to this
     * process when it is a 'sluice serve' ({@link HandedSecrets#installed()}), else resolved here.
     */
    public static String passwordOf(EndpointSpec endpoint) {
        HandedSecrets handed = HandedSecrets.installed();
        if (handed != null && isLocal(endpoint.password())) {
            return handed.password(endpoint);
        }
        return resolve(endpoint.password());
    }

    /** The secret resolved in this process (its environment, its files), or an empty string when none is given. */
    public static String resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            return "";
        }
        if (ref.startsWith("env:")) {
            String name = ref.substring(4);
            String v = System.getenv(name);
            if (v == null) {
                throw new IllegalStateException("password " + ref + ": environment variable " + name
                        + " is not set; export it before running Sluice");
            }
            return v;
        }
        if (ref.startsWith("file:")) {
            Path p = Path.of(ref.substring(5));
            try {
                Path real = p.toRealPath();
                if (!Files.isRegularFile(real) || real.startsWith("/proc") || real.startsWith("/sys")
                        || real.startsWith("/dev")) {
                    throw new IllegalStateException("password " + ref + ": not a regular file; name the file that "
                            + "holds the password");
                }
                return Files.readString(real).strip();
            } catch (IOException e) {
                throw new IllegalStateException("password " + ref + ": cannot read " + p
                        + " (" + e.getClass().getSimpleName() + "); check the path and its permissions");
            }
        }
        if (ref.startsWith("arn:aws:secretsmanager:")) {
            return SecretsManagerLookup.shared().password(ref);
        }
        throw new IllegalStateException("password: not a reference; use env:VAR, file:PATH or a Secrets Manager ARN");
    }
}
