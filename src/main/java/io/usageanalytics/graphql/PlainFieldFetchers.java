package io.usageanalytics.graphql;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.LightDataFetcher;
import graphql.schema.SelectedField;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.graphql.SmallRyeGraphQLServerLogging;
import io.smallrye.graphql.execution.datafetcher.AbstractDataFetcher;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;
import io.smallrye.graphql.execution.datafetcher.helper.FieldHelper;
import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.Wrapper;
import io.smallrye.graphql.spi.ClassloadingService;
import io.smallrye.graphql.spi.config.Config;
import io.smallrye.graphql.spi.EventingService;
import io.smallrye.graphql.transformation.AbstractDataFetcherException;

/**
 * Reads the plain fields of the answer's objects (every {@code from}, {@code to}, {@code value} of every point)
 * without SmallRye GraphQL's per-field request context.
 *
 * SmallRye fetches each property of a returned object with a {@link FieldDataFetcher} that first builds a
 * request context for the field (arguments, path, selected fields as JSON) so that resolver code could inject
 * it. A property read runs no resolver code, so nothing ever reads that context; for a dashboard's thousands of
 * points it was a fifth of the service's CPU. This replaces those fetchers, when the schema is built, with one
 * that reads the same getter or field and applies the same transformation (dates, number formats) through
 * SmallRye's own {@link FieldHelper}. Fields with adapters or maps keep SmallRye's fetcher. The schema itself
 * (types, fields, scalars) is unchanged.
 *
 * The resolvers (the {@code @Source} and {@code @Query} methods) keep SmallRye's fetchers, which build the same
 * request context; the selected fields in it, computed twice per call as JSON from graphql-java's normalized
 * operation, were a sixth of the service's CPU for a dashboard. No code of the service reads them, so those
 * fetchers get an environment whose selection set is empty ({@link WithoutSelectedFields}); everything else in
 * the environment (source, arguments, path, context, data loaders) is the same.
 *
 * It also hands graphql-java the instrumentations SmallRye installs as an {@link OperationLevelInstrumentation},
 * and graphql-java's default field visibility in place of the block list SmallRye makes of the setting
 * {@code default} (it blocks nothing, at the cost of a regular expression per field).
 *
 * Each of the first three reads SmallRye's or graphql-java's private state and falls back to their own way (slower,
 * same answers) when an upgrade changes it; {@link #APPLIED} tells what was applied and a test fails on any
 * fallback. Each becomes unnecessary with one upstream change:
 * <ul>
 * <li>the plain fetchers: SmallRye's {@link FieldDataFetcher} reading a property without building the request
 * context ({@code SmallRyeContextManager.populateFromDataFetchingEnvironment}), or building it only when resolver
 * code asks for it;</li>
 * <li>the field visibility: SmallRye mapping {@code field-visibility=default} to graphql-java's
 * {@link DefaultGraphqlFieldVisibility} instead of a block list with the pattern "default";</li>
 * <li>the instrumentation chain: graphql-java's {@link ChainedInstrumentation} not calling, per field and object,
 * instrumentations that keep the do-nothing hooks (the reflection on {@code GraphQL.Builder.instrumentation} goes
 * with it; a getter for it would remove only that part);</li>
 * <li>the empty selection set: SmallRye computing the selected fields of its request context only when resolver
 * code asks for them ({@code Context.getSelectedFields()}).</li>
 * </ul>
 */
@RegisterForReflection(targets = { FieldDataFetcher.class, GraphQL.Builder.class })
public class PlainFieldFetchers implements EventingService {

    private static final Logger LOG = Logger.getLogger(PlainFieldFetchers.class);
    private static final String FIELD_VISIBILITY_DEFAULT = "default";

    /** What the workarounds applied when the schema and the GraphQL instance were last built. */
    static final Applied APPLIED = new Applied();

    /** Written once per build (at start-up and on the first request); read by tests. */
    static final class Applied {
        /** SmallRye fetchers replaced by a {@link PlainFieldFetcher}; -1 until the schema is built. */
        volatile int plainFetchers = -1;
        /** SmallRye fetchers whose field and owner could not be read, so kept. */
        volatile int unreadableFetchers;
        /** SmallRye resolver fetchers given an empty selection set ({@link WithoutSelectedFields}). */
        volatile int resolversWithoutSelectedFields;
        /** Whether graphql-java's default field visibility replaced SmallRye's block list. */
        volatile boolean defaultVisibility;
        /** Whether the instrumentations SmallRye set on graphql-java's builder could be read. */
        volatile boolean instrumentationsRead;
        /** What graphql-java was given; null until the GraphQL instance is built. */
        volatile Instrumentation instrumentation;
    }

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    /**
     * The instance of the application that is starting, when it is not this one. SmallRye's {@code EventEmitter}
     * keeps the eventing services it found first in a static: after a dev-mode restart it still calls the first
     * start's instance, whose classes (guards, instrumentations) belong to the replaced application and find no
     * beans in the new one. Such an instance hands the build to the one of the current class loader.
     */
    private EventingService restarted() {
        ClassLoader current = Thread.currentThread().getContextClassLoader();
        if (current == null || current == getClass().getClassLoader()) {
            return null;
        }
        for (EventingService service : ServiceLoader.load(EventingService.class, current)) {
            if (service.getClass().getName().equals(getClass().getName()) && service.getClass() != getClass()) {
                return service;
            }
        }
        return null;
    }

    @Override
    public GraphQLSchema.Builder beforeSchemaBuild(GraphQLSchema.Builder builder) {
        EventingService restarted = restarted();
        if (restarted != null) {
            return restarted.beforeSchemaBuild(builder);
        }
        GraphQLSchema schema = builder.build();
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        GraphQLCodeRegistry.Builder changed = GraphQLCodeRegistry.newCodeRegistry(registry);
        int replaced = 0;
        int unreadable = 0;
        int resolvers = 0;
        for (var type : schema.getAllTypesAsList()) {
            if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
                continue;
            }
            for (GraphQLFieldDefinition definition : object.getFieldDefinitions()) {
                FieldCoordinates coordinates = FieldCoordinates.coordinates(object, definition);
                DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, definition);
                if (fetcher != null && fetcher.getClass() == FieldDataFetcher.class) {
                    DataFetcher<?> plain;
                    try {
                        plain = plain((FieldDataFetcher<?>) fetcher);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        LOG.debugf("SmallRye's field fetcher is not as expected (%s); keeping it", e);
                        unreadable++;
                        continue;
                    }
                    if (plain != null) {
                        changed.dataFetcher(coordinates, plain);
                        replaced++;
                    }
                } else if (fetcher instanceof AbstractDataFetcher<?, ?>) {
                    changed.dataFetcher(coordinates, new WithoutSelectedFields(fetcher));
                    resolvers++;
                }
            }
        }
        if (unreadable > 0 || replaced == 0) {
            LOG.warnf("%d of SmallRye's field fetchers could not be read and %d were replaced; the fields keep "
                    + "SmallRye's per-field request context (slower, same answers)", unreadable, replaced);
        }
        // SmallRye turns the field-visibility setting "default" into a block list with the pattern "default",
        // which blocks nothing (field coordinates always have a dot) but costs a regular expression match on
        // every field of every answer; graphql-java's own default visibility shows the same fields for free
        boolean defaultVisibility = FIELD_VISIBILITY_DEFAULT.equals(Config.get().getFieldVisibility());
        if (defaultVisibility) {
            changed.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY);
        }
        APPLIED.plainFetchers = replaced;
        APPLIED.unreadableFetchers = unreadable;
        APPLIED.resolversWithoutSelectedFields = resolvers;
        APPLIED.defaultVisibility = defaultVisibility;
        if (replaced == 0 && resolvers == 0 && !defaultVisibility) {
            return builder;
        }
        LOG.debugf("%d GraphQL fields read without a per-field request context", replaced);
        return GraphQLSchema.newSchema(schema).codeRegistry(changed.build());
    }

    /**
     * Keeps SmallRye's instrumentations, without asking them about every field (see
     * {@link OperationLevelInstrumentation}), and adds {@link ErrorCodesInstrumentation} last, so that every error
     * of an answer has a code.
     */
    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        EventingService restarted = restarted();
        if (restarted != null) {
            return restarted.beforeGraphQLBuild(builder);
        }
        List<Instrumentation> chain = new ArrayList<>();
        boolean read = false;
        try {
            java.lang.reflect.Field instrumentation = GraphQL.Builder.class.getDeclaredField("instrumentation");
            instrumentation.setAccessible(true);
            Object current = instrumentation.get(builder);
            if (current instanceof ChainedInstrumentation chained && current.getClass() == ChainedInstrumentation.class) {
                chain.addAll(chained.getInstrumentations());
            } else if (current instanceof Instrumentation single) {
                chain.add(single);
            }
            read = current != null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // without SmallRye's instrumentations documents are parsed for every request: slower, still right
            LOG.warnf("graphql-java's builder is not as expected (%s); SmallRye's document cache is off", e);
        }
        chain.add(new WebSocketOperationGuard());
        chain.add(new ErrorCodesInstrumentation());
        Instrumentation instrumentation = chain.stream().allMatch(OperationLevelInstrumentation::fieldLevelFree)
                ? new OperationLevelInstrumentation(chain)
                : new ChainedInstrumentation(chain);
        APPLIED.instrumentationsRead = read;
        APPLIED.instrumentation = instrumentation;
        return builder.instrumentation(instrumentation);
    }

    /** The replacement, or null to keep SmallRye's fetcher (adapters, maps). */
    private static DataFetcher<?> plain(FieldDataFetcher<?> fetcher) throws ReflectiveOperationException {
        Field field = (Field) read(fetcher, "field");
        Reference owner = (Reference) read(fetcher, "owner");
        if (field == null || owner == null) {
            throw new IllegalStateException("no field or owner");
        }
        if (field.isAdaptingWith() || field.isAdaptingTo() || hasMap(field.getWrapper())) {
            return null;
        }
        return new PlainFieldFetcher(owner.getClassName(), field);
    }

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = FieldDataFetcher.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    private static boolean hasMap(Wrapper wrapper) {
        for (Wrapper w = wrapper; w != null; w = w.getWrapper()) {
            if (w.isMap()) {
                return true;
            }
        }
        return false;
    }

    /** A selection set without fields: what SmallRye's resolver fetchers see (see {@link WithoutSelectedFields}). */
    private static final DataFetchingFieldSelectionSet NOTHING_SELECTED = new DataFetchingFieldSelectionSet() {
        @Override
        public boolean contains(String fieldGlobPattern) {
            return false;
        }

        @Override
        public boolean containsAnyOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public boolean containsAllOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public List<SelectedField> getFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getImmediateFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getFields(String fieldGlobPattern, String... fieldGlobPatterns) {
            return List.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey() {
            return Map.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey(String fieldGlobPattern,
                String... fieldGlobPatterns) {
            return Map.of();
        }
    };

    /**
     * Calls SmallRye's resolver fetcher with the same environment but an empty selection set, so that the request
     * context it builds for the call does not compute the selected fields, which nothing reads.
     */
    record WithoutSelectedFields(DataFetcher<?> resolver) implements DataFetcher<Object> {

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            return resolver.get(DataFetchingEnvironmentImpl.newDataFetchingEnvironment(environment)
                    .selectionSet(NOTHING_SELECTED).build());
        }
    }

    /**
     * Reads a property of the parent object and transforms it as SmallRye's {@link FieldDataFetcher} does.
     * A {@link LightDataFetcher}: graphql-java does not build a data-fetching environment for it.
     */
    static final class PlainFieldFetcher implements LightDataFetcher<Object> {

        private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

        private final String className;
        private final Field field;
        private final FieldHelper helper;
        /**
         * A LocalDate without a format of its own: SmallRye writes it with ISO_LOCAL_DATE, which is what
         * {@link LocalDate#toString()} gives, without a formatter's work (every point has two).
         */
        private final boolean isoDate;
        private volatile MethodHandle accessor;

        PlainFieldFetcher(String className, Field field) {
            this.className = className;
            this.field = field;
            this.helper = new FieldHelper(field);
            this.isoDate = !field.hasTransformation() && !field.hasWrapper()
                    && LocalDate.class.getName().equals(field.getReference().getClassName());
        }

        @Override
        public Object get(GraphQLFieldDefinition definition, Object source, Supplier<DataFetchingEnvironment> environment)
                throws Exception {
            Object value;
            try {
                value = (Object) accessor().invokeExact(source);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (isoDate && value instanceof LocalDate date) {
                return date.toString();
            }
            try {
                // the environment is only read for adapters and maps, which keep SmallRye's own fetcher
                return helper.transformOrAdaptResponse(value, null);
            } catch (AbstractDataFetcherException e) {
                SmallRyeGraphQLServerLogging.log.transformError(e);
                return value;
            }
        }

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            return get(environment.getFieldDefinition(), environment.getSource(), () -> environment);
        }

        private MethodHandle accessor() throws ReflectiveOperationException {
            MethodHandle handle = accessor;
            if (handle == null) {
                // resolved on first use, as SmallRye does: the schema may be built before the classes are usable
                Class<?> type = ClassloadingService.get().loadClass(className);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                handle = field.getMethodName() != null
                        ? lookup.unreflect(type.getMethod(field.getMethodName()))
                        : lookup.unreflectGetter(type.getField(field.getPropertyName()));
                handle = handle.asType(GETTER);
                accessor = handle;
            }
            return handle;
        }
    }
}
