package dev.sluice.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Resolves a password reference ({@code env:VAR}, {@code file:PATH}, {@code arn:aws:secretsmanager:...}) to the
 * secret at the moment a connection is opened. Errors name the reference, never the secret.
 */
public final class SecretRef {
    private static volatile Function<String, String> secretsManager = arn -> {
        throw new IllegalStateException("password " + arn + ": Secrets Manager is not available in this build; "
                + "use env:VAR or file:PATH locally");
    };

    private SecretRef() {
    }

    public static boolean isReference(String ref) {
        return ref.startsWith("env:") || ref.startsWith("file:") || ref.startsWith("arn:aws:secretsmanager:");
    }

    /** Installs the resolver for Secrets Manager ARNs (set by the AWS wiring). */
    public static void useSecretsManager(Function<String, String> resolver) {
        secretsManager = resolver;
    }

    /** The secret, or an empty string when no password is given. */
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
