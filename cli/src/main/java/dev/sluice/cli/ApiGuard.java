package dev.sluice.cli;

import com.sun.net.httpserver.HttpExchange;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the task API and the console, and how a browser may call them (docs/security.md):
 * <ol>
 * <li>the Host header must name this server (loopback names, the bind address, {@code --allow-host}): a
 * DNS-rebinding page's own host name is refused;</li>
 * <li>the caller shows the token ({@code Authorization: Bearer}) or a console session cookie, else 401;</li>
 * <li>a state-changing request must be {@code application/json} (a cross-origin form or {@code text/plain}
 * "simple" request is refused) and its Origin, when sent, must be this server; no CORS headers are ever sent, so
 * pages of other origins cannot read answers.</li>
 * </ol>
 */
final class ApiGuard {
    static final String SESSION_COOKIE = "sluice_session";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    /** A refused request: the HTTP status and the message for the caller. */
    record Refusal(int status, String message) {
    }

    private final byte[] token;
    private final Set<String> allowedHosts;
    private final List<String> allowedRefs;
    private final ConsoleSessions sessions;
    private final boolean https;

    ApiGuard(String token, Set<String> extraHosts, List<String> allowedRefs, ConsoleSessions sessions,
             boolean https) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.allowedRefs = List.copyOf(allowedRefs);
        this.allowedHosts = new java.util.HashSet<>(LOOPBACK_NAMES);
        extraHosts.forEach(h -> allowedHosts.add(h.toLowerCase(Locale.ROOT)));
        this.sessions = sessions;
        this.https = https;
    }

    ConsoleSessions sessions() {
        return sessions;
    }

    /** Null when the request may go on; {@code loginRequest} marks the one-time login link (no credentials yet). */
    Refusal check(HttpExchange ex, int serverPort, boolean loginRequest) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null || !allowedHosts.contains(hostName(host))) {
            return new Refusal(403, "Host '" + host + "' is not this Sluice server; use http://127.0.0.1:" + serverPort
                    + " (or start 'sluice serve' with --allow-host NAME)");
        }
        String method = ex.getRequestMethod();
        if (method.equals("OPTIONS")) {
            return new Refusal(403, "cross-origin requests are not allowed");
        }
        if (!loginRequest && !authenticated(ex)) {
            return new Refusal(401, "authentication required: send 'Authorization: Bearer <token>' (the token is in "
                    + "the Sluice home's 'token' file) or open the console through the login link 'sluice serve' "
                    + "printed");
        }
        boolean safe = method.equals("GET") || method.equals("HEAD");
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (!safe && origin != null && !sameOrigin(origin, serverPort)) {
            return new Refusal(403, "Origin " + origin + " may not change tasks here");
        }
        if (!safe && "cross-site".equals(ex.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
            return new Refusal(403, "cross-site requests may not change tasks here");
        }
        if (!safe && !isJson(ex.getRequestHeaders().getFirst("Content-Type"))) {
            return new Refusal(415, "send state-changing requests as Content-Type: application/json");
        }
        return null;
    }

    /**
     * Whether a task sent over the API may use this password reference: {@code env:} and {@code file:} would be
     * resolved in this server's environment and file system, so only those allowed by {@code --allow-secret-ref}
     * (a prefix, or a pattern ending in {@code *}) are; Secrets Manager ARNs are resolved with IAM and always may.
     */
    boolean mayResolve(String ref) {
        if (ref == null || ref.isEmpty() || !(ref.startsWith("env:") || ref.startsWith("file:"))) {
            return true;
        }
        return allowedRefs.stream().anyMatch(a -> a.endsWith("*") ? ref.startsWith(a.substring(0, a.length() - 1))
                : ref.equals(a));
    }

    private boolean authenticated(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(given, token);
        }
        return sessions.valid(sessionCookie(ex));
    }

    static String sessionCookie(HttpExchange ex) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(SESSION_COOKIE + "=")) {
                    return p.substring(SESSION_COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    /** The Set-Cookie value for a new console session (not readable by scripts, never sent cross-site). */
    String sessionCookieHeader(String session) {
        HttpCookie c = new HttpCookie(SESSION_COOKIE, session);
        return c.getName() + "=" + c.getValue() + "; Path=/; HttpOnly; SameSite=Strict"
                + "; Max-Age=" + ConsoleSessions.SESSION_TTL.toSeconds() + (https ? "; Secure" : "");
    }

    private boolean sameOrigin(String origin, int serverPort) {
        try {
            URI u = URI.create(origin);
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
            return (https ? "https" : "http").equals(u.getScheme()) && u.getHost() != null
                    && allowedHosts.contains(u.getHost().toLowerCase(Locale.ROOT)) && port == serverPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }

    /** The host part of a Host header ("name:port", "[::1]:port"), lower case. */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
