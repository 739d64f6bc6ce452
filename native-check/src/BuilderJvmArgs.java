/*
 * Native check, stage 1: the JVM arguments that run the GraalVM image builder
 * from the Maven Central jars on a stock JDK 25 (see native-check/README.md).
 *
 * Usage: java BuilderJvmArgs.java <builder-jars-dir> <builder-args-out> <translator-args-out>
 *
 * Writes two JVM @argfiles:
 *  - <builder-args-out>: module path layout of the builder (the Graal compiler
 *    upgrades the JDK's, everything else on --module-path), JVMCI switched on
 *    but not used as the JIT, and every package of every JDK module that the
 *    boot layer resolves opened to the builder modules (a GraalVM distribution
 *    does this with a generated list of --add-exports; opening everything
 *    is the coarse equivalent). Application code (the unnamed module) gets
 *    nothing extra: it only gets what the service's own -J--add-opens ask for.
 *  - <translator-args-out>: the same module layout, only java.base and JVMCI
 *    opened to the builder (the JVM takes at most 1000 --add-opens) and every
 *    builder package exported and opened to ALL-UNNAMED, for stage 2 (DriverArgs.java), which reads the builder's
 *    option descriptors.
 *
 * Uses only the JDK, so it runs before any builder class is available.
 */
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class BuilderJvmArgs {

    static final String COMPILER_MODULE = "jdk.graal.compiler";

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BuilderJvmArgs <builder-jars-dir> <builder-args-out> <translator-args-out>");
            System.exit(2);
        }
        Path jarsDir = Path.of(args[0]).toAbsolutePath().normalize();
        List<Path> jars;
        try (Stream<Path> s = Files.list(jarsDir)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no builder jars in " + jarsDir);
        }

        /* Which jar holds which module. */
        TreeMap<String, ModuleReference> builderModules = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(jars.toArray(Path[]::new)).findAll()) {
            builderModules.put(ref.descriptor().name(), ref);
        }
        if (!builderModules.containsKey(COMPILER_MODULE) || !builderModules.containsKey("org.graalvm.nativeimage.builder")) {
            throw new IllegalStateException("builder jars incomplete in " + jarsDir + ": " + builderModules.keySet());
        }
        String compilerJar = Path.of(builderModules.get(COMPILER_MODULE).location().orElseThrow()).toString();
        String modulePath = builderModules.entrySet().stream()
                        .filter(e -> !e.getKey().equals(COMPILER_MODULE))
                        .map(e -> Path.of(e.getValue().location().orElseThrow()).toString())
                        .collect(Collectors.joining(":"));
        String targets = String.join(",", builderModules.keySet());

        /* The JVM takes at most 1000 --add-opens: the JDK's packages (~820) and the builder's (~440) do not fit together. */
        List<String> common = new ArrayList<>();
        common.add("-XX:+UnlockExperimentalVMOptions");
        common.add("-XX:+EnableJVMCI");
        common.add("-XX:-UseJVMCICompiler");
        common.add("--upgrade-module-path");
        common.add(compilerJar);
        common.add("--module-path");
        common.add(modulePath);
        common.add("--add-modules=ALL-DEFAULT");
        common.add("--enable-native-access=" + targets);

        /*
         * The JDK modules the builder JVM's boot layer will contain: the default
         * root modules (every system module exporting an API package without
         * qualification), JVMCI, and what they require. Opening packages of a
         * module that is not resolved would only print "Unknown module".
         */
        ModuleFinder system = ModuleFinder.ofSystem();
        Set<String> roots = new TreeSet<>();
        for (ModuleReference ref : system.findAll()) {
            /* Incubator modules are never resolved by default. */
            if (!ref.descriptor().name().startsWith("jdk.incubator.") && ref.descriptor().exports().stream().anyMatch(e -> !e.isQualified())) {
                roots.add(ref.descriptor().name());
            }
        }
        roots.add("jdk.internal.vm.ci");
        Configuration cf = Configuration.empty().resolveAndBind(system, ModuleFinder.of(), roots);
        TreeMap<String, Set<String>> packages = new TreeMap<>();
        for (ResolvedModule m : cf.modules()) {
            ModuleDescriptor d = m.reference().descriptor();
            packages.put(d.name(), new TreeSet<>(d.packages()));
        }
        List<String> translator = new ArrayList<>(common);
        int count = 0;
        for (var e : packages.entrySet()) {
            for (String pkg : e.getValue()) {
                String open = "--add-opens=" + e.getKey() + "/" + pkg + "=" + targets;
                common.add(open);
                /* The option classes DriverArgs.java loads need only these two. */
                if (e.getKey().equals("java.base") || e.getKey().equals("jdk.internal.vm.ci")) {
                    translator.add(open);
                }
                count++;
            }
        }

        Files.write(Path.of(args[1]), lines(common));

        translator.add("--add-modules=org.graalvm.nativeimage.builder");
        for (var e : builderModules.entrySet()) {
            for (String pkg : new TreeSet<>(e.getValue().descriptor().packages())) {
                /* Exported for compiling DriverArgs.java, opened for instantiating the options' value transformers. */
                translator.add("--add-exports=" + e.getKey() + "/" + pkg + "=ALL-UNNAMED");
                translator.add("--add-opens=" + e.getKey() + "/" + pkg + "=ALL-UNNAMED");
            }
        }
        Files.write(Path.of(args[2]), lines(translator));
        System.err.println("native-check: " + builderModules.size() + " builder modules, " + count + " JDK packages opened to them");
    }

    /** One argument per line in the JDK's @argfile syntax. */
    static List<String> lines(List<String> args) {
        return args.stream().map(BuilderJvmArgs::quote).toList();
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '#' || c == '\\')) {
            return arg;
        }
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
