package dev.sluice.report;

/**
 * Replaces a secret (the resolved password of an endpoint) in text that is about to be shown or stored, so a
 * server or driver message that echoes it can never leak it.
 */
public final class Redactor {
    private static final Redactor NONE = new Redactor(null);
    private final String secret;

    private Redactor(String secret) {
        this.secret = secret;
    }

    /** A redactor for the secret; secrets shorter than 3 characters are not replaced (they would mangle text). */
    public static Redactor of(String secret) {
        return secret == null || secret.length() < 3 ? NONE : new Redactor(secret);
    }

    public String apply(String text) {
        if (text == null || secret == null) {
            return text;
        }
        return text.replace(secret, "******");
    }
}
