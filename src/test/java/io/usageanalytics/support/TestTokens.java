package io.usageanalytics.support;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Real signed bearer tokens: signed with the key whose public half the test
 * OIDC provider (WireMock) publishes, and verified by the service like any
 * production token.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    /** The audience the service accepts: the default of oidc.audience, the OIDC client id. */
    public static final String AUDIENCE = "usage-analytics";

    private TestTokens() {
    }

    public static String owner(String company) {
        return token(Set.of("owner"), Map.of("company_id", company));
    }

    public static String primaryOwner(String company) {
        return token(Set.of("primary-owner"), Map.of("company_id", company));
    }

    public static String partner(String... companies) {
        return token(Set.of("partner"), Map.of("companies", List.of(companies)));
    }

    public static String writer(String company) {
        return token(Set.of("telemetry-writer"), Map.of("company_id", company));
    }

    public static String directoryWriter(String company) {
        return token(Set.of("directory-writer"), Map.of("company_id", company));
    }

    public static String admin() {
        return token(Set.of("analytics-admin"), Map.of());
    }

    /** A token with no role of this product. */
    public static String stranger() {
        return token(Set.of("user"), Map.of("company_id", "acme"));
    }

    /** Roles where Keycloak puts them: realm_access.roles. */
    public static String keycloakOwner(String company) {
        JwtClaimsBuilder builder = Jwt.claims()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("kc-owner")
                .claim("realm_access", Map.of("roles", List.of("owner", "offline_access")))
                .claim("company_id", company);
        return builder.sign();
    }

    public static String token(Set<String> roles, Map<String, Object> claims) {
        JwtClaimsBuilder builder = Jwt.claims().issuer(ISSUER).audience(AUDIENCE)
                .subject("test-" + String.join("-", roles)).groups(roles);
        claims.forEach(builder::claim);
        return builder.sign();
    }
}
