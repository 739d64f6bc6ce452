package io.usageanalytics.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders the Kustomize overlays with {@code kubectl kustomize} and checks them
 * against the application itself: probes on the health endpoints and the port
 * the service listens on, only configuration keys the service reads, and the
 * container security every operator expects. Skipped only where kubectl is not
 * installed.
 */
class KubernetesManifestsTest {

    private static final Path PROJECT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    private static final String APP_CONTAINER = "usage-analytics";

    /**
     * Quarkus keys the manifests may set although application.properties does
     * not mention them; each one is documented by Quarkus.
     */
    private static final Set<String> DOCUMENTED_QUARKUS_KEYS = Set.of(
            "quarkus.log.level", // root log level
            "quarkus.init-and-exit", // run the start-up tasks (migrations), then exit
            "quarkus.oidc.credentials.secret"); // OIDC client secret, for providers that want client authentication

    private static final Set<String> HEALTH_PATHS = Set.of(
            "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = { "prod", "dev" })
    void everyPieceIsThere(String overlay) {
        List<JsonNode> manifests = render(overlay);
        Set<String> kinds = new TreeSet<>();
        manifests.forEach(m -> kinds.add(m.path("kind").asText()));
        for (String kind : List.of("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "ServiceAccount")) {
            assertTrue(kinds.contains(kind), overlay + " renders no " + kind + "; it renders " + kinds);
        }
        JsonNode deployment = deployment(manifests);
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        assertEquals(deployment.at("/metadata/name").asText(),
                one(manifests, "HorizontalPodAutoscaler").at("/spec/scaleTargetRef/name").asText(),
                "the HorizontalPodAutoscaler scales another Deployment");
        assertSelects(one(manifests, "Service").at("/spec/selector"), podLabels, "Service");
        assertSelects(one(manifests, "PodDisruptionBudget").at("/spec/selector/matchLabels"), podLabels,
                "PodDisruptionBudget");
        assertSelects(one(manifests, "NetworkPolicy").at("/spec/podSelector/matchLabels"), podLabels,
                "NetworkPolicy");
    }

    @ParameterizedTest
    @ValueSource(strings = { "prod", "dev" })
    void probesUseHealthEndpointsOnServicePort(String overlay) {
        JsonNode deployment = deployment(render(overlay));
        JsonNode container = container(deployment, APP_CONTAINER);
        int port = httpPort();

        assertProbe(container, "livenessProbe", "/q/health/live", port);
        assertProbe(container, "readinessProbe", "/q/health/ready", port);
        if (container.has("startupProbe")) {
            assertProbe(container, "startupProbe", null, port);
        }
        assertTrue(containerPorts(container).containsValue(port),
                "the container does not declare port " + port + ": " + container.path("ports"));

        JsonNode servicePort = one(render(overlay), "Service").at("/spec/ports/0/targetPort");
        assertEquals(port, resolvePort(container, servicePort), "the Service sends traffic to another port");
    }

    @ParameterizedTest
    @ValueSource(strings = { "prod", "dev" })
    void everyEnvironmentVariableIsAConfigurationKey(String overlay) throws IOException {
        List<JsonNode> manifests = render(overlay);
        Set<String> keys = configurationKeys();
        List<String> unknown = new ArrayList<>();
        for (JsonNode container : allContainers(deployment(manifests))) {
            String where = container.path("name").asText();
            for (JsonNode env : container.path("env")) {
                check(env.path("name").asText(), where, keys, unknown);
            }
            for (JsonNode source : container.path("envFrom")) {
                String prefix = source.path("prefix").asText("");
                if (source.has("secretRef")) {
                    fail(where + " takes a whole Secret (envFrom secretRef): name its keys one by one in env, "
                            + "so that they can be checked");
                }
                String name = source.at("/configMapRef/name").asText();
                JsonNode configMap = manifests.stream()
                        .filter(m -> m.path("kind").asText().equals("ConfigMap"))
                        .filter(m -> m.at("/metadata/name").asText().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(where + " reads ConfigMap " + name
                                + ", which the overlay does not render"));
                configMap.path("data").fieldNames()
                        .forEachRemaining(key -> check(prefix + key, where + " via " + name, keys, unknown));
            }
        }
        assertTrue(unknown.isEmpty(), "environment variables that are no configuration key of the service "
                + "(application.properties) nor a documented Quarkus key: " + unknown);
    }

    @ParameterizedTest
    @ValueSource(strings = { "prod", "dev" })
    void containersRunLockedDown(String overlay) {
        JsonNode deployment = deployment(render(overlay));
        JsonNode pod = deployment.at("/spec/template/spec/securityContext");
        for (JsonNode container : allContainers(deployment)) {
            String name = container.path("name").asText();
            JsonNode security = container.path("securityContext");
            boolean nonRoot = security.has("runAsNonRoot") ? security.path("runAsNonRoot").asBoolean()
                    : pod.path("runAsNonRoot").asBoolean(false);
            assertTrue(nonRoot, name + ": runAsNonRoot is not true");
            assertTrue(security.path("readOnlyRootFilesystem").asBoolean(false),
                    name + ": readOnlyRootFilesystem is not true");
            assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true),
                    name + ": allowPrivilegeEscalation is not false");
            assertFalse(security.path("privileged").asBoolean(false), name + ": privileged");
            Set<String> dropped = new LinkedHashSet<>();
            security.at("/capabilities/drop").forEach(c -> dropped.add(c.asText()));
            assertTrue(dropped.contains("ALL"), name + ": capabilities do not drop ALL");
            assertTrue(security.at("/capabilities/add").isMissingNode() || security.at("/capabilities/add").isEmpty(),
                    name + ": adds capabilities");
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(container.at("/resources/requests/" + resource).isMissingNode(),
                        name + ": no " + resource + " request");
                assertFalse(container.at("/resources/limits/" + resource).isMissingNode(),
                        name + ": no " + resource + " limit");
            }
            String image = container.path("image").asText();
            assertTrue(image.contains("@sha256:") || (image.matches(".*:[^/]+") && !image.endsWith(":latest")),
                    name + ": image " + image + " has no fixed tag or digest");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, KubernetesManifestsTest::kustomize);
    }

    private static List<JsonNode> kustomize(String overlay) {
        Optional<String> kubectl = kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed, so the Kubernetes manifests were "
                + "not checked. Install it (Debian: apt-get install -y kubectl, or kubernetes-client where only "
                + "that exists; kubectl 1.21 or newer) or point KUBECTL at it.");
        Path dir = PROJECT.resolve("k8s/overlays").resolve(overlay);
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl.get(), "kustomize", dir.toString())
                    .redirectError(stderr.toFile())
                    .start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            String err = Files.readString(stderr);
            Files.deleteIfExists(stderr);
            assertTrue(ended, "kubectl kustomize " + dir + " did not end within a minute");
            assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + " failed (kubectl 1.21 or newer "
                    + "reads these kustomizations):\n" + err);
            List<JsonNode> manifests = new ArrayList<>();
            try (JsonParser parser = YAML.getFactory().createParser(out)) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(m -> {
                    if (m != null && m.isObject()) {
                        manifests.add(m);
                    }
                });
            }
            return manifests;
        } catch (IOException e) {
            throw new AssertionError("Could not run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Optional<String> kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** Every key the service reads: the keys of application.properties and the keys its values refer to. */
    private static Set<String> configurationKeys() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> keys = new TreeSet<>(DOCUMENTED_QUARKUS_KEYS);
        Pattern reference = Pattern.compile("\\$\\{([^:}]+)");
        for (String name : properties.stringPropertyNames()) {
            keys.add(name.replaceFirst("^%[^.]+\\.", ""));
            Matcher matcher = reference.matcher(properties.getProperty(name));
            while (matcher.find()) {
                keys.add(matcher.group(1));
            }
        }
        return keys;
    }

    /** The port the service listens on: quarkus.http.port, or the Quarkus default. */
    private static int httpPort() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    private static void check(String variable, String where, Set<String> keys, List<String> unknown) {
        if (candidateKeys(variable).stream().noneMatch(keys::contains)) {
            unknown.add(variable + " (" + where + ")");
        }
    }

    /**
     * The property names an environment variable can stand for: lower case,
     * each underscore a dot or a dash (DB_POOL_SIZE: db.pool.size, db.pool-size, ...).
     */
    static Set<String> candidateKeys(String variable) {
        String[] parts = variable.toLowerCase().split("_");
        Set<String> names = new LinkedHashSet<>();
        int joins = parts.length - 1;
        for (int mask = 0; mask < (1 << joins); mask++) {
            StringBuilder name = new StringBuilder(parts[0]);
            for (int i = 0; i < joins; i++) {
                name.append((mask & (1 << i)) == 0 ? '.' : '-').append(parts[i + 1]);
            }
            names.add(name.toString());
        }
        return names;
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port) {
        JsonNode get = container.path(probe).path("httpGet");
        assertFalse(get.isMissingNode(), probe + " is not an HTTP probe");
        String actual = get.path("path").asText();
        if (path != null) {
            assertEquals(path, actual, probe + " path");
        } else {
            assertTrue(HEALTH_PATHS.contains(actual), probe + " path " + actual + " is no health endpoint");
        }
        assertEquals(port, resolvePort(container, get.path("port")), probe + " port");
    }

    private static int resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        Integer resolved = containerPorts(container).get(port.asText());
        assertNotNull(resolved, "no container port is named " + port.asText());
        return resolved;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    private static void assertSelects(JsonNode selector, JsonNode podLabels, String what) {
        assertFalse(selector.isMissingNode() || selector.isEmpty(), what + " has no selector");
        selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                podLabels.path(e.getKey()).asText(null), what + " selects pods the Deployment does not make"));
    }

    private static JsonNode deployment(List<JsonNode> manifests) {
        return one(manifests, "Deployment");
    }

    private static JsonNode one(List<JsonNode> manifests, String kind) {
        List<JsonNode> found = manifests.stream().filter(m -> m.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "expected one " + kind);
        return found.get(0);
    }

    private static JsonNode container(JsonNode deployment, String name) {
        for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("the Deployment has no container named " + name);
    }

    private static List<JsonNode> allContainers(JsonNode deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.at("/spec/template/spec/initContainers").forEach(containers::add);
        deployment.at("/spec/template/spec/containers").forEach(containers::add);
        return containers;
    }
}
