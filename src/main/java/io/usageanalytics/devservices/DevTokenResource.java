package io.usageanalytics.devservices;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.usageanalytics.access.AccessConfig;
import io.usageanalytics.access.Roles;
import io.usageanalytics.error.ApiException;
import io.usageanalytics.error.ErrorCode;

/**
 * Dev mode only (not part of the packaged service): hands out signed tokens for
 * any role, e.g. {@code GET /dev/token?role=owner&company=acme}.
 */
@IfBuildProfile("dev")
@Path("/dev/token")
public class DevTokenResource {

    private static final Set<String> ROLES = Set.of(Roles.PRIMARY_OWNER, Roles.OWNER, Roles.PARTNER,
            Roles.TELEMETRY_WRITER, Roles.DIRECTORY_WRITER, Roles.ANALYTICS_ADMIN);
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final PrivateKey signingKey;
    private final AccessConfig access;
    private final ObjectMapper json;
    private final List<String> audience;

    public DevTokenResource(@ConfigProperty(name = DevTokenKeysConfigSourceFactory.PRIVATE_KEY) String privateKey,
            AccessConfig access, ObjectMapper json,
            @ConfigProperty(name = "quarkus.oidc.token.audience") List<String> audience) throws GeneralSecurityException {
        this.signingKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
        this.access = access;
        this.json = json;
        this.audience = audience;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String token(@QueryParam("role") String role, @QueryParam("company") String company,
            @QueryParam("companies") String companies) throws GeneralSecurityException, JsonProcessingException {
        if (role == null || !ROLES.contains(role)) {
            throw new ApiException(ErrorCode.BAD_USER_INPUT, "role must be one of " + ROLES.stream().sorted().toList());
        }
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "usage-analytics-dev");
        claims.put("sub", "dev-" + role);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        claims.put("groups", List.of(role));
        if (company != null) {
            claims.put(access.companyClaim(), company);
        }
        if (companies != null) {
            claims.put(access.companiesClaim(), Arrays.stream(companies.split(",")).map(String::strip).toList());
        }
        String header = base64(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
        String payload = base64(json.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(signingKey);
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + base64(signature.sign());
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
