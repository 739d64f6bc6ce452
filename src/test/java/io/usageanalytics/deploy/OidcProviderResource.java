package io.usageanalytics.deploy;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The WireMock OIDC provider of the Quarkus test kit, addressed through the
 * product's own {@code oidc.issuer-url}: the packaged service runs in the prod
 * profile, where nothing else points it at the mock.
 */
public class OidcProviderResource extends OidcWiremockTestResource {

    /** The issuer URL handed to the service, for processes the tests start themselves. */
    static volatile String issuerUrl;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        issuerUrl = config.get("keycloak.url") + "/realms/quarkus/";
        config.put("oidc.issuer-url", issuerUrl);
        return config;
    }
}
