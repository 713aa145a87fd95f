package dev.sluice.local;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lets a request into the embedded state store or the Step Functions API only when it carries an AWS Signature
 * Version 4 made with the local token as the secret access key (access key id: any, e.g. {@code sluice}). The AWS
 * SDK and the {@code aws} CLI sign every request already, so they only need the credentials; everything else gets
 * 401 with an AWS-style error body ({@code UnrecognizedClientException} / {@code InvalidSignatureException}).
 * The signature covers the method, path, Host, X-Amz-Date, X-Amz-Target and the body, and must be at most
 * 15 minutes old (AWS's own window): a captured request can be replayed within that window only by someone who can
 * read loopback traffic, which already means the local account.
 */
public final class SigV4Authenticator extends Filter {
    private static final Pattern AUTH = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/"
            + "([^/]+)/aws4_request,\\s*SignedHeaders=([a-z0-9;\\-]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final int MAX_BODY = 16 * 1024 * 1024 + 1;

    private final byte[] secret;

    public SigV4Authenticator(String token) {
        this.secret = ("AWS4" + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String description() {
        return "AWS SigV4 with the local token as secret key";
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY);
        String refusal = refusal(ex, body);
        if (refusal != null) {
            refuse(ex, refusal);
            return;
        }
        ex.setStreams(new ByteArrayInputStream(body), null);
        chain.doFilter(ex);
    }

    /** Why the request is refused, or null when its signature is valid. */
    String refusal(HttpExchange ex, byte[] body) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return "UnrecognizedClientException:Missing AWS SigV4 Authorization; sign with the local token as the "
                    + "secret access key (see docs/security.md)";
        }
        Matcher m = AUTH.matcher(auth.trim());
        if (!m.matches()) {
            return "IncompleteSignatureException:The Authorization header is not an AWS4-HMAC-SHA256 signature";
        }
        String date = m.group(2);
        String region = m.group(3);
        String service = m.group(4);
        List<String> signed = Arrays.asList(m.group(5).split(";"));
        String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(date) || !signed.contains("host") || !signed.contains("x-amz-date")) {
            return "IncompleteSignatureException:The signature must cover Host and X-Amz-Date";
        }
        try {
            Instant at = Instant.from(AMZ_DATE.parse(amzDate));
            if (Duration.between(at, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
                return "InvalidSignatureException:Signature expired or not yet valid: " + amzDate;
            }
        } catch (DateTimeParseException e) {
            return "IncompleteSignatureException:X-Amz-Date is not yyyyMMddTHHmmssZ: " + amzDate;
        }
        String payloadHash = hex(sha256(body));
        String declared = ex.getRequestHeaders().getFirst("X-Amz-Content-Sha256");
        if (declared != null && !declared.equals(payloadHash)) {
            return "InvalidSignatureException:X-Amz-Content-Sha256 does not match the body";
        }
        StringBuilder headers = new StringBuilder();
        for (String h : signed) {
            List<String> values = ex.getRequestHeaders().get(h);
            if (values == null) {
                return "IncompleteSignatureException:signed header " + h + " is missing";
            }
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.trim().replaceAll(" +", " ")));
            headers.append(h).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String path = ex.getRequestURI().getRawPath();
        String canonical = ex.getRequestMethod() + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n"
                + canonicalQuery(ex.getRequestURI().getRawQuery()) + "\n" + headers + "\n" + m.group(5) + "\n"
                + payloadHash;
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(secret, date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        byte[] expected = hex(hmac(key, toSign)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return "InvalidSignatureException:The request signature does not match; the secret access key must be "
                    + "the token in the Sluice home's 'token' file";
        }
        return null;
    }

    private static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>(Arrays.asList(raw.split("&")));
        pairs.replaceAll(p -> p.contains("=") ? p : p + "=");
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static void refuse(HttpExchange ex, String refusal) throws IOException {
        int colon = refusal.indexOf(':');
        String json = "{\"__type\":\"" + refusal.substring(0, colon) + "\",\"message\":\""
                + refusal.substring(colon + 1).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        ex.sendResponseHeaders(401, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        ex.close();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
    }
}
