package io.usageanalytics.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the packaged service. The packaged artifact runs in the
 * prod profile, where the service never starts an embedded database itself, so
 * the test starts one and hands its address over through the product's own
 * {@code db.*} keys, exactly as an operator would.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Port of the running server, for tests that talk to the database themselves. */
    static volatile int port;

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for the integration tests", e);
        }
        port = postgres.getPort();
        return Map.of(
                "db.host", "localhost",
                "db.port", Integer.toString(port),
                "db.name", "postgres",
                "db.user", "postgres",
                "db.password", "");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
