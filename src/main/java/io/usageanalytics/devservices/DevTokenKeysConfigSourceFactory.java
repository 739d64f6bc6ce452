package io.usageanalytics.devservices;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Dev mode only: a key pair made at start-up. The service trusts tokens signed
 * with it ({@code quarkus.oidc.public-key}) and {@link DevTokenResource} signs
 * them, so dev tokens go through the same OIDC verification as real ones. The
 * key lives in memory only; nothing of it is stored.
 */
public class DevTokenKeysConfigSourceFactory implements ConfigSourceFactory {

    static final String PRIVATE_KEY = "analytics.dev-token.private-key";
    private static final String PUBLIC_KEY_PROPERTY = "analytics.dev-token.public-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue enabled = context.getValue("analytics.dev-token.enabled");
        if (enabled == null || !"true".equals(enabled.getValue())) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("dev-token-keys", Map.of(
                "quarkus.oidc.public-key", keys()[0],
                PRIVATE_KEY, keys()[1]), 275) {
        });
    }

    /** Public and private key, base64; kept per JVM so tokens survive a dev-mode restart. */
    private static synchronized String[] keys() {
        if (System.getProperty(PUBLIC_KEY_PROPERTY) == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PUBLIC_KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                System.setProperty(PRIVATE_KEY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return new String[] { System.getProperty(PUBLIC_KEY_PROPERTY), System.getProperty(PRIVATE_KEY) };
    }
}
