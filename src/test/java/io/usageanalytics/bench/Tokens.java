package io.usageanalytics.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bearer tokens for the service under test without an OIDC provider: a key pair made here, the service started
 * with {@code quarkus.oidc.public-key} (as dev mode does it), and RS256 tokens signed here.
 */
final class Tokens {

    static final String ISSUER = "https://bench.usage-analytics.invalid";
    /** The service's default audience (oidc.audience defaults to the client id). */
    static final String AUDIENCE = "usage-analytics";
    /** Tokens are made once per run and used for hours: the service under test accepts them that long. */
    static final String MAX_AGE = "PT8H";

    private final KeyPair keys;

    Tokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of {@code quarkus.oidc.public-key}: the X.509 public key, base64. */
    String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    String owner(String company) {
        return sign("bench-owner", "owner", "\"company_id\":\"" + company + "\"");
    }

    String writer(String company) {
        return sign("bench-writer", "telemetry-writer", "\"company_id\":\"" + company + "\"");
    }

    String directoryWriter(String company) {
        return sign("bench-directory", "directory-writer", "\"company_id\":\"" + company + "\"");
    }

    /** A valid token with no role of this product. */
    String noRole() {
        return sign("bench-nobody", "viewer", "\"company_id\":\"none\"");
    }

    String admin() {
        return sign("bench-admin", "analytics-admin", "\"companies\":[]");
    }

    String partner(List<String> companies) {
        return sign("bench-partner", "partner", "\"companies\":["
                + companies.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(",")) + "]");
    }

    private String sign(String subject, String role, String extraClaims) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject + "\",\"groups\":[\"" + role + "\"],"
                + extraClaims + ",\"iat\":" + now + ",\"exp\":" + (now + 6 * 3600) + "}";
        String signed = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
