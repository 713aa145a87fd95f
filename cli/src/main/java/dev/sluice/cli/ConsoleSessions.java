package dev.sluice.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the console: 'sluice serve' prints a one-time login link; opening it trades its code for a
 * session cookie. Codes work once and expire; sessions expire and die with the process (a cookie from an earlier
 * 'serve' is stale).
 */
final class ConsoleSessions {
    static final Duration CODE_TTL = Duration.ofMinutes(30);
    static final Duration SESSION_TTL = Duration.ofHours(12);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Duration sessionTtl;
    private final Clock clock;

    ConsoleSessions(Duration sessionTtl, Clock clock) {
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    /** A new one-time login code, valid for {@link #CODE_TTL}. */
    String newLoginCode() {
        String code = randomId();
        codes.put(code, clock.instant().plus(CODE_TTL));
        return code;
    }

    /** The session id for a valid unused code (the code is spent), or null. */
    String login(String code) {
        if (code == null) {
            return null;
        }
        Instant expires = codes.remove(code);
        if (expires == null || clock.instant().isAfter(expires)) {
            return null;
        }
        String session = randomId();
        sessions.put(session, clock.instant().plus(sessionTtl));
        return session;
    }

    boolean valid(String session) {
        if (session == null) {
            return false;
        }
        Instant expires = sessions.get(session);
        if (expires == null) {
            return false;
        }
        if (clock.instant().isAfter(expires)) {
            sessions.remove(session);
            return false;
        }
        return true;
    }

    private String randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
