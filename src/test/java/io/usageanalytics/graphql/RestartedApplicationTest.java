package io.usageanalytics.graphql;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import graphql.GraphQL;
import graphql.Scalars;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.spi.EventingService;

/**
 * Dev mode's live reload starts the application anew in a new class loader, but SmallRye GraphQL keeps the
 * eventing services of the first start in a static and calls them again: the GraphQL instance of the restarted
 * application must still be built with the restarted application's guards, or every request fails (their bean
 * look-ups find nothing in the new application).
 */
class RestartedApplicationTest {

    @Test
    void theFirstStartsInstanceBuildsGraphQLWithTheRestartedApplicationsClasses() throws Exception {
        ClassLoader current = PlainFieldFetchers.class.getClassLoader();
        URL classes = PlainFieldFetchers.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader thread = Thread.currentThread().getContextClassLoader();
        try (ReplacedApplication replaced = new ReplacedApplication(classes, current)) {
            EventingService firstStart = (EventingService) replaced.loadClass(PlainFieldFetchers.class.getName())
                    .getConstructor().newInstance();
            assertNotSame(PlainFieldFetchers.class, firstStart.getClass(), "the first start's class is another class");

            Thread.currentThread().setContextClassLoader(current);
            GraphQL graphQL = firstStart.beforeGraphQLBuild(GraphQL.newGraphQL(schema())).build();

            assertSame(OperationLevelInstrumentation.class, graphQL.getInstrumentation().getClass(),
                    "the instrumentation of the restarted application, not of the first start");
        } finally {
            Thread.currentThread().setContextClassLoader(thread);
        }
    }

    private static GraphQLSchema schema() {
        return GraphQLSchema.newSchema()
                .query(GraphQLObjectType.newObject().name("Query")
                        .field(f -> f.name("hello").type(Scalars.GraphQLString)))
                .build();
    }

    /** The application's classes loaded once more, as the first start of a dev-mode session had them. */
    private static final class ReplacedApplication extends URLClassLoader {

        ReplacedApplication(URL classes, ClassLoader parent) {
            super(new URL[] { classes }, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.usageanalytics.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }
}
