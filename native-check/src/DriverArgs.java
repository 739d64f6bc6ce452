/*
 * Native check, stage 2: what the `native-image` driver would do with the
 * service's native-image inputs, written out for the GraalVM image builder
 * (see native-check/README.md). The driver is not published on Maven Central,
 * so this is the project's own, smaller version of it.
 *
 * Runs with the builder modules readable (translator-jvm.args from
 * BuilderJvmArgs.java) so that it can read the builder's own option
 * descriptors: every driver option such as --features=..., --no-fallback or
 * --initialize-at-build-time=... is a builder option annotated with @APIOption,
 * and is translated through that annotation, not through a hand-kept table.
 *
 * Usage:
 *   java @translator-jvm.args DriverArgs.java
 *        --sources <target/native-sources> --out <dir> --temp <dir> --clibraries <dir>
 *        --java-args-out <file> --image-args-out <file>
 *        [--extra-cp <jar-or-dir>]... [--extra-arg <driver-option>]...
 *
 * What it handles, in the order the driver does:
 *  - native-image.args (JDK @argfile tokenising): -J<jvm-arg> and -D<prop> go
 *    to the builder JVM; -H:/-R: options pass through; -jar <jar> puts the jar
 *    and its manifest Class-Path on the image class path, takes Main-Class as
 *    -H:Class and Add-Opens/Add-Exports/Enable-Native-Access as the driver
 *    does; --exclude-config <jar-regex> <resource-regex>; -cp; -O<level>;
 *    API options via @APIOption; the remaining plain argument is the image name.
 *  - every class path entry's META-INF/native-image/**: native-image.properties
 *    (Args, JavaArgs, ImageName) and the configuration files (reflect-config.json,
 *    resource-config.json, reachability-metadata.json, ...) as the
 *    corresponding -H:...Resources options, unless excluded.
 *  - anything it does not understand is an error (as in the driver), never
 *    silently dropped.
 *
 * Output: <java-args-out>, a JVM @argfile with the JVM arguments the inputs
 * ask for, and <image-args-out>, the builder arguments separated by NUL
 * characters, for NativeImageGeneratorRunner's --image-args-file=.
 */
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.oracle.svm.configure.ConfigurationFile;
import com.oracle.svm.core.configure.ConfigurationFiles;
import com.oracle.svm.core.option.APIOption;
import com.oracle.svm.core.option.APIOptionGroup;
import com.oracle.svm.core.option.RuntimeOptionKey;
import org.graalvm.nativeimage.c.constant.CConstant;
import org.graalvm.nativeimage.c.struct.CField;

import jdk.graal.compiler.options.OptionDescriptor;
import jdk.graal.compiler.options.OptionDescriptors;
import jdk.graal.compiler.options.OptionKey;
import jdk.graal.compiler.options.OptionsContainer;

public class DriverArgs {

    static final String ORIGIN_USER = "user";
    static final String API_SUFFIX = "+api";

    /** One driver option that maps onto a builder option through @APIOption. */
    record ApiOption(String name, char[] separators, String builderOption, String defaultValue, boolean defaultFinal,
                    APIOptionGroup group, List<Function<Object, Object>> transformers, String deprecation) {
    }

    record Exclude(Pattern jar, Pattern resource) {
    }

    record Arg(String value, String origin) {
    }

    final TreeMap<String, ApiOption> apiOptions = new TreeMap<>();
    final Map<String, String> configOptions = new TreeMap<>(); // config file name -> builder option name
    final Map<String, OptionDescriptor> allOptions = new TreeMap<>();

    final List<String> javaArgs = new ArrayList<>();
    final List<String> builderArgs = new ArrayList<>();
    final LinkedHashSet<Path> classpath = new LinkedHashSet<>();
    final List<Exclude> excludes = new ArrayList<>();
    final List<String> leftovers = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    String mainClass;
    String jarImageName;

    public static void main(String[] argv) throws Exception {
        Path sources = null, out = null, temp = null, clibraries = null, javaArgsOut = null, imageArgsOut = null;
        List<Path> extraCp = new ArrayList<>();
        List<String> extraArgs = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            String v = i + 1 < argv.length ? argv[i + 1] : null;
            if (v == null) {
                usage("missing value for " + a);
            }
            switch (a) {
                case "--sources" -> sources = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--temp" -> temp = Path.of(v);
                case "--clibraries" -> clibraries = Path.of(v);
                case "--java-args-out" -> javaArgsOut = Path.of(v);
                case "--image-args-out" -> imageArgsOut = Path.of(v);
                case "--extra-cp" -> extraCp.add(Path.of(v));
                case "--extra-arg" -> extraArgs.add(v);
                default -> usage("unknown argument " + a);
            }
            i++;
        }
        if (sources == null || out == null || temp == null || clibraries == null || javaArgsOut == null || imageArgsOut == null) {
            usage("--sources, --out, --temp, --clibraries, --java-args-out and --image-args-out are required");
        }
        DriverArgs d = new DriverArgs();
        try {
            d.run(sources.toAbsolutePath().normalize(), out.toAbsolutePath().normalize(), temp.toAbsolutePath().normalize(), clibraries.toAbsolutePath().normalize(),
                            extraCp, extraArgs, javaArgsOut, imageArgsOut);
        } catch (DriverError e) {
            System.err.println("native-check: error: " + e.getMessage());
            System.exit(1);
        }
    }

    static void usage(String msg) {
        System.err.println("DriverArgs: " + msg);
        System.exit(2);
    }

    static final class DriverError extends RuntimeException {
        DriverError(String msg) {
            super(msg);
        }
    }

    void run(Path sources, Path out, Path temp, Path clibraries, List<Path> extraCp, List<String> extraArgs, Path javaArgsOut, Path imageArgsOut) throws IOException {
        discoverOptions();
        checkHeaders(clibraries);

        Path argsFile = sources.resolve("native-image.args");
        if (!Files.isRegularFile(argsFile)) {
            throw new DriverError("no " + argsFile + ": run the sources-only build first");
        }
        Deque<Arg> queue = new ArrayDeque<>();
        for (String t : tokenize(Files.readString(argsFile))) {
            queue.add(new Arg(t, ORIGIN_USER));
        }
        for (String t : extraArgs) {
            queue.add(new Arg(t, ORIGIN_USER));
        }
        /* Relative paths in native-image.args are relative to the directory Quarkus runs native-image in. */
        processQueue(queue, sources, true);

        for (Path p : extraCp) {
            classpath.add(p.toAbsolutePath().normalize());
        }

        /* Then the native-image metadata of every class path entry, as the driver does. */
        for (Path entry : List.copyOf(classpath)) {
            walkMetaInf(entry);
        }

        if (mainClass == null) {
            throw new DriverError("no main class: native-image.args has no -jar with a Main-Class and no -H:Class");
        }
        String imageName;
        if (!leftovers.isEmpty()) {
            imageName = leftovers.removeFirst();
        } else if (jarImageName != null) {
            imageName = jarImageName;
        } else {
            imageName = mainClass.toLowerCase(java.util.Locale.ROOT);
        }
        if (!leftovers.isEmpty()) {
            throw new DriverError("unrecognized argument(s): " + leftovers);
        }

        Files.createDirectories(out);
        List<String> image = new ArrayList<>();
        image.add("-imagecp");
        image.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
        image.add("-H:CLibraryPath=" + clibraries);
        image.add("-H:Path@driver=" + out);
        image.addAll(builderArgs);
        image.add("-H:Name@driver=" + imageName);
        /*
         * The check stops after the object file: nothing is linked (see README.md).
         * The builder writes the object file into its temporary directory, which it
         * keeps only when that directory is given explicitly.
         */
        Files.createDirectories(temp);
        image.add("-H:+UnlockExperimentalVMOptions");
        image.add("-H:+ExitAfterRelocatableImageWrite@driver");
        image.add("-H:TempDirectory@driver=" + temp);
        image.add("-H:-UnlockExperimentalVMOptions");
        String buildId = UUID.nameUUIDFromBytes(String.join("\n", image).getBytes(StandardCharsets.UTF_8)).toString();
        image.add("-H:ImageBuildID@driver=" + buildId);

        Files.writeString(imageArgsOut, String.join("\0", image));
        Files.write(javaArgsOut, javaArgs.stream().map(DriverArgs::quoteArgfile).toList());
        for (String w : warnings) {
            System.err.println("native-check: warning: " + w);
        }
        System.err.println("native-check: image " + imageName + ", main class " + mainClass + ", " + classpath.size() + " class path entries, "
                        + image.size() + " builder arguments, " + javaArgs.size() + " builder JVM arguments");
    }

    // ------------------------------------------------------------------ options

    /** Reads every builder option descriptor and the @APIOption annotations on them. */
    void discoverOptions() {
        ClassLoader loader = DriverArgs.class.getClassLoader();
        for (OptionDescriptors descriptors : OptionsContainer.getDiscoverableOptions(loader)) {
            for (OptionDescriptor d : descriptors) {
                allOptions.put(d.getName(), d);
                OptionKey<?> key = d.getOptionKey();
                String prefix = key instanceof RuntimeOptionKey ? "-R:" : "-H:";
                APIOption[] annotations;
                try {
                    Field f = d.getDeclaringClass().getDeclaredField(d.getFieldName());
                    annotations = f.getAnnotationsByType(APIOption.class);
                } catch (NoSuchFieldException e) {
                    continue;
                }
                boolean isBoolean = d.getOptionValueType() == Boolean.class;
                for (APIOption a : annotations) {
                    addApiOption(d, a, prefix, isBoolean);
                }
            }
        }
        if (apiOptions.isEmpty()) {
            throw new DriverError("found no @APIOption in the builder jars: the builder's module layout is not what this script expects");
        }
        register(ConfigurationFile.REACHABILITY_METADATA, ConfigurationFiles.Options.ReachabilityMetadataResources);
        register(ConfigurationFile.REFLECTION, ConfigurationFiles.Options.ReflectionConfigurationResources);
        register(ConfigurationFile.RESOURCES, ConfigurationFiles.Options.ResourceConfigurationResources);
        register(ConfigurationFile.SERIALIZATION, ConfigurationFiles.Options.SerializationConfigurationResources);
        register(ConfigurationFile.SERIALIZATION_DENY, ConfigurationFiles.Options.SerializationDenyConfigurationResources);
        register(ConfigurationFile.JNI, ConfigurationFiles.Options.JNIConfigurationResources);
        register(ConfigurationFile.DYNAMIC_PROXY, ConfigurationFiles.Options.DynamicProxyConfigurationResources);
        register(ConfigurationFile.PREDEFINED_CLASSES_NAME, ConfigurationFiles.Options.PredefinedClassesConfigurationResources);
        if (allOptions.containsKey("ForeignResources")) {
            configOptions.put(ConfigurationFile.FOREIGN.getFileName(), "ForeignResources");
        }
    }

    void register(ConfigurationFile file, OptionKey<?> option) {
        configOptions.put(file.getFileName(), option.getName());
    }

    @SuppressWarnings("unchecked")
    void addApiOption(OptionDescriptor d, APIOption a, String prefix, boolean isBoolean) {
        APIOptionGroup group = null;
        String defaultValue = null;
        String name = APIOption.Utils.optionName(a.name()[0]);
        String builderOption;
        if (isBoolean) {
            if (a.group() != APIOption.NullGroup.class) {
                try {
                    group = a.group().getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new DriverError("cannot instantiate option group " + a.group().getName() + ": " + e);
                }
                name = APIOption.Utils.groupName(group) + a.name()[0];
            }
            builderOption = prefix + (a.kind() == APIOption.APIOptionKind.Negated ? "-" : "+") + d.getName();
        } else {
            if (a.defaultValue().length > 0) {
                defaultValue = a.defaultValue()[0];
            }
            if (a.fixedValue().length > 0) {
                defaultValue = a.fixedValue()[0];
            }
            builderOption = prefix + d.getName() + "=";
        }
        List<Function<Object, Object>> transformers = new ArrayList<>();
        for (Class<? extends Function<Object, Object>> t : a.valueTransformer()) {
            try {
                var c = t.getDeclaredConstructor();
                c.setAccessible(true);
                transformers.add(c.newInstance());
            } catch (ReflectiveOperationException e) {
                throw new DriverError("cannot instantiate value transformer " + t.getName() + " of " + name + ": " + e);
            }
        }
        boolean defaultFinal = isBoolean || a.fixedValue().length > 0;
        ApiOption o = new ApiOption(name, a.valueSeparator(), builderOption, defaultValue, defaultFinal, group, transformers, a.deprecated());
        apiOptions.put(name, o);
        /* Further spellings of the same option. */
        for (int i = 1; i < a.name().length; i++) {
            String alias = group != null ? APIOption.Utils.groupName(group) + a.name()[i] : APIOption.Utils.optionName(a.name()[i]);
            apiOptions.put(alias, new ApiOption(alias, o.separators(), o.builderOption(), o.defaultValue(), o.defaultFinal(), o.group(), o.transformers(), o.deprecation()));
        }
    }

    /** The builder option for an API option at the head of the queue, or null if it is none. */
    String translateApiOption(Deque<Arg> queue) {
        String head = queue.peek().value();
        for (ApiOption o : apiOptions.values()) {
            if (o.group() != null && o.group().multiValueOption() != null) {
                String groupName = APIOption.Utils.groupName(o.group());
                if (head.startsWith(groupName)) {
                    queue.poll();
                    return head.replace(APIOption.Utils.optionName(o.group().name()), "-H:" + o.group().multiValueOption().getName());
                }
                continue;
            }
            String value = null;
            boolean matched = false;
            if ((o.defaultFinal() || o.defaultValue() != null) && head.equals(o.name())) {
                matched = true;
                value = o.group() != null ? null : o.defaultValue();
                queue.poll();
            } else {
                for (char sep : o.separators()) {
                    if (sep == APIOption.WHITESPACE_SEPARATOR) {
                        if (head.equals(o.name())) {
                            queue.poll();
                            Arg next = queue.poll();
                            if (next == null) {
                                throw new DriverError(head + " requires a value");
                            }
                            value = next.value();
                            matched = true;
                            break;
                        }
                    } else {
                        String withSep = o.name() + APIOption.Utils.valueSeparatorToString(sep);
                        if (head.startsWith(withSep)) {
                            if (o.defaultFinal()) {
                                throw new DriverError("option " + o.name() + " takes no value: " + head);
                            }
                            queue.poll();
                            value = head.substring(withSep.length());
                            matched = true;
                            break;
                        }
                    }
                }
            }
            if (matched) {
                if (!o.deprecation().isEmpty()) {
                    warnings.add("deprecated option " + o.name() + ": " + o.deprecation());
                }
                if (value == null) {
                    return o.builderOption();
                }
                Object transformed = value;
                for (Function<Object, Object> t : o.transformers()) {
                    transformed = t.apply(transformed);
                }
                return o.builderOption() + transformed;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ C headers

    /**
     * The project's C headers (native-check/clibraries/include) stand in for the
     * ones of a GraalVM distribution. They must declare every field and constant
     * the builder's @CStruct/@CConstant interfaces ask for, or the builder fails
     * with a C compiler error that is hard to read; a newer builder version may
     * add fields, so check them before every run.
     */
    static void checkHeaders(Path clibraries) throws IOException {
        String[][] expected = {
                        {"include/amd64cpufeatures.h", "com.oracle.svm.core.amd64.AMD64LibCHelper$CPUFeatures"},
                        {"include/aarch64cpufeatures.h", "com.oracle.svm.core.aarch64.AArch64LibCHelper$CPUFeatures"},
                        {"include/riscv64cpufeatures.h", "com.oracle.svm.core.riscv64.RISCV64LibCHelper$CPUFeatures"},
                        {"include/svm_locale.h", "com.oracle.svm.core.c.locale.LocaleCHelper$LocaleProps"},
                        {"include/svm_locale.h", "com.oracle.svm.core.c.locale.LocaleCHelper"},
        };
        List<String> missing = new ArrayList<>();
        for (String[] e : expected) {
            Path header = clibraries.resolve(e[0]);
            String text = Files.isRegularFile(header) ? Files.readString(header) : "";
            Class<?> c;
            try {
                c = Class.forName(e[1], false, DriverArgs.class.getClassLoader());
            } catch (ClassNotFoundException ex) {
                throw new DriverError("builder class " + e[1] + " not found: the C headers in " + clibraries + " were written for another builder version");
            }
            for (var m : c.getDeclaredMethods()) {
                CField field = m.getAnnotation(CField.class);
                if (field != null) {
                    String name = field.value().isEmpty() ? m.getName() : field.value();
                    if (!Pattern.compile("\\b" + Pattern.quote(name) + "\\s*;").matcher(text).find()) {
                        missing.add(e[0] + ": struct field " + name + " (" + e[1] + "." + m.getName() + ")");
                    }
                }
                CConstant constant = m.getAnnotation(CConstant.class);
                if (constant != null) {
                    String name = constant.value().isEmpty() ? m.getName() : constant.value();
                    if (!Pattern.compile("#define\\s+" + Pattern.quote(name) + "\\b").matcher(text).find()) {
                        missing.add(e[0] + ": constant " + name + " (" + e[1] + "." + m.getName() + ")");
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new DriverError("the C headers in " + clibraries + " lack what this builder version asks for:\n  " + String.join("\n  ", missing));
        }
    }

    // ------------------------------------------------------------------ arguments

    void processQueue(Deque<Arg> queue, Path baseDir, boolean commandLine) throws IOException {
        while (!queue.isEmpty()) {
            Arg arg = queue.peek();
            String a = arg.value();
            String origin = arg.origin();
            if (a.startsWith("-J")) {
                queue.poll();
                if (a.length() == 2) {
                    throw new DriverError("-J must be followed by the JVM argument without a space");
                }
                javaArgs.add(a.substring(2));
            } else if (a.startsWith("-D")) {
                queue.poll();
                javaArgs.add(a);
            } else if (a.startsWith("-H:") || a.startsWith("-R:")) {
                queue.poll();
                builderArgs.add(withOrigin(a, origin));
            } else if (a.startsWith("-O") && a.length() > 2) {
                queue.poll();
                builderArgs.add(withOrigin("-H:Optimize=" + a.substring(2), origin));
            } else if (a.equals("--exclude-config")) {
                requireCommandLine(a, commandLine, origin);
                queue.poll();
                Arg jar = queue.poll();
                Arg resource = queue.poll();
                if (jar == null || resource == null) {
                    throw new DriverError("--exclude-config needs a jar regular expression and a resource regular expression");
                }
                excludes.add(new Exclude(Pattern.compile(jar.value()), Pattern.compile(resource.value())));
            } else if (a.equals("-jar")) {
                queue.poll();
                Arg jar = queue.poll();
                if (jar == null) {
                    throw new DriverError("-jar requires a jar file");
                }
                addJar(baseDir.resolve(jar.value()).normalize());
            } else if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
                queue.poll();
                Arg cp = queue.poll();
                if (cp == null) {
                    throw new DriverError(a + " requires a class path");
                }
                addClasspath(cp.value(), baseDir);
            } else if (a.startsWith("--class-path=")) {
                queue.poll();
                addClasspath(a.substring("--class-path=".length()), baseDir);
            } else if (a.equals("--verbose") || a.equals("--no-server")) {
                queue.poll();
            } else {
                String translated = translateApiOption(queue);
                if (translated != null) {
                    builderArgs.add(withOrigin(translated, origin + API_SUFFIX));
                } else if (!a.startsWith("-")) {
                    queue.poll();
                    if (!commandLine) {
                        throw new DriverError("unexpected argument '" + a + "' from " + origin);
                    }
                    leftovers.add(a);
                } else {
                    throw new DriverError("unrecognized option '" + a + "' from " + origin
                                    + " (not a builder option, no @APIOption in the builder jars, not handled by native-check/src/DriverArgs.java)");
                }
            }
        }
    }

    static void requireCommandLine(String option, boolean commandLine, String origin) {
        if (!commandLine) {
            throw new DriverError("'" + option + "' from " + origin + " is only allowed on the command line");
        }
    }

    /** Adds the origin to a builder option as the driver does: -H:Name@origin=value, -H:+Name@origin. */
    static String withOrigin(String option, String origin) {
        if (origin == null || option.contains("@") && option.indexOf('@') < (option.indexOf('=') < 0 ? option.length() : option.indexOf('='))) {
            return option;
        }
        if (origin.contains("=")) {
            return option;
        }
        int eq = option.indexOf('=');
        char c = option.length() > 3 ? option.charAt(3) : 0;
        if (c == '+' || c == '-') {
            return eq < 0 ? option + "@" + origin : option;
        }
        if (eq < 0) {
            throw new DriverError("malformed builder option '" + option + "' ('=' missing) from " + origin);
        }
        return option.substring(0, eq) + "@" + origin + option.substring(eq);
    }

    void addClasspath(String cp, Path baseDir) throws IOException {
        for (String e : cp.split(":")) {
            if (!e.isEmpty()) {
                classpath.add(baseDir.resolve(e).toAbsolutePath().normalize());
            }
        }
    }

    void addJar(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new DriverError("-jar: no such file " + jar);
        }
        classpath.add(jar);
        String fileName = jar.getFileName().toString();
        jarImageName = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            if (mf == null) {
                throw new DriverError("no manifest in " + jar);
            }
            Attributes main = mf.getMainAttributes();
            String mc = main.getValue("Main-Class");
            if (mc == null) {
                throw new DriverError("no Main-Class in the manifest of " + jar);
            }
            mainClass = mc;
            builderArgs.add("-H:Class=" + mc);
            String cp = main.getValue("Class-Path");
            if (cp != null) {
                for (String e : cp.trim().split(" +")) {
                    if (!e.isEmpty()) {
                        classpath.add(jar.getParent().resolve(e).normalize());
                    }
                }
            }
            for (String[] attr : new String[][]{{"Add-Opens", "AddOpens"}, {"Add-Exports", "AddExports"}}) {
                String v = main.getValue(attr[0]);
                if (v != null) {
                    for (String target : v.trim().split(" +")) {
                        builderArgs.add("-H:" + attr[1] + "=" + target + "=ALL-UNNAMED");
                    }
                }
            }
            String nativeAccess = main.getValue("Enable-Native-Access");
            if (nativeAccess != null) {
                if (!nativeAccess.trim().equals("ALL-UNNAMED")) {
                    throw new DriverError("Enable-Native-Access in " + jar + " must be ALL-UNNAMED");
                }
                javaArgs.add("--enable-native-access=ALL-UNNAMED");
            }
        }
    }

    // ------------------------------------------------------------------ META-INF/native-image

    void walkMetaInf(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            walkMetaInf(entry, entry, entry.resolve("META-INF/native-image"));
        } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
            try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + entry.toUri()), Map.of())) {
                Path root = fs.getPath("/");
                walkMetaInf(entry, root, fs.getPath("/META-INF/native-image"));
            }
        } else if (!Files.exists(entry)) {
            warnings.add("class path entry does not exist: " + entry);
        }
    }

    void walkMetaInf(Path entry, Path root, Path base) throws IOException {
        if (!Files.isDirectory(base)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(base)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        /* native-image.properties first, then the configuration files (the driver's order). */
        for (Path file : files) {
            if (file.getFileName().toString().equals("native-image.properties") && !excluded(entry, file)) {
                processProperties(entry, root, file);
            }
        }
        for (Path file : files) {
            String option = configOptions.get(file.getFileName().toString());
            if (option != null && !excluded(entry, file)) {
                String origin = file.toUri() + API_SUFFIX;
                builderArgs.add(withOrigin("-H:" + option + "=" + root.relativize(file), origin));
            }
        }
    }

    boolean excluded(Path entry, Path resource) {
        return excludes.stream().anyMatch(e -> e.jar().matcher(entry.toString()).find() && e.resource().matcher(resource.toString()).find());
    }

    void processProperties(Path entry, Path root, Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        String origin = file.toUri().toString();
        Path componentDir = root.relativize(file).getParent();
        Function<String, String> resolve = s -> {
            if (s.contains("${.}")) {
                s = s.replace("${.}", componentDir.toString());
            }
            if (s.contains("${")) {
                warnings.add("unresolved property reference in '" + s + "' from " + origin);
            }
            return s;
        };
        String imageName = props.getProperty("ImageName");
        if (imageName != null) {
            builderArgs.add(withOrigin("-H:Name=" + resolve.apply(imageName.trim()), origin));
        }
        for (String v : split(props.getProperty("JavaArgs"))) {
            javaArgs.add(resolve.apply(v));
        }
        Deque<Arg> queue = new ArrayDeque<>();
        for (String v : split(props.getProperty("Args"))) {
            queue.add(new Arg(resolve.apply(v), origin));
        }
        processQueue(queue, Path.of("."), false);
    }

    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s+"));
    }

    // ------------------------------------------------------------------ @argfile syntax

    /** Splits an @argfile as the JDK launcher does: whitespace separates, quotes group, # comments. */
    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length()) {
                    char n = text.charAt(++i);
                    switch (n) {
                        case 'n' -> cur.append('\n');
                        case 't' -> cur.append('\t');
                        case 'r' -> cur.append('\r');
                        case 'f' -> cur.append('\f');
                        case '\n', '\r' -> {
                            while (i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))) {
                                i++;
                            }
                        }
                        default -> cur.append(n);
                    }
                } else {
                    cur.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (c == '#' && !inToken) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }

    static String quoteArgfile(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '#' || c == '\\')) {
            return arg;
        }
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
