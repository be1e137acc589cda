package io.osiris.core.engine;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Chooses the transform engine {@code engine:} names: DuckDB, embedded, or an
 * {@link EngineProvider} found on the class path. An engine Osiris ships as a module of its own
 * but that is not on the class path is named with the coordinates to add.
 */
public final class Engines {
    /** Engines of Osiris's own that live in a module of their own, with its Maven coordinates. */
    private static final Map<String, String> MODULES = Map.of("spark", "io.osiris:osiris-engine-spark");
    /** What the embedded DuckDB engine takes beside {@code type}. */
    private static final Set<String> DUCKDB_KEYS = Set.of("threads");
    private static final int MAX_THREADS = 1024;

    private Engines() {
    }

    /**
     * The factory {@code settings} names: {@code duckdb} when it names DuckDB, else its provider's.
     *
     * @throws ConfigurationException when no provider answers to the type, or its settings are wrong
     */
    public static EngineFactory factory(EngineSettings settings, Path tempDirectory, Supplier<EngineFactory> duckdb) {
        if (settings.type().equals(EngineSettings.DUCKDB)) {
            List<String> problems = duckdbProblems(settings);
            if (!problems.isEmpty()) {
                throw new ConfigurationException(String.join("; ", problems));
            }
            return duckdb.get();
        }
        EngineProvider provider = provider(settings.type()).orElseThrow(() -> missing(settings.type()));
        List<String> problems = unknownKeys(settings, provider.keys());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        return provider.open(settings, tempDirectory);
    }

    /**
     * What is wrong with an {@code engine:} section as a config file is read, each problem
     * prefixed with its key ({@code engine.mastr: unknown key ...}): an unknown type, or a key the
     * engine does not take. A type Osiris ships in a module that is not on the class path passes
     * here (its keys are checked when a run opens it, which then names the module to add), so
     * commands that run no pipeline still work.
     */
    public static List<String> problems(EngineSettings settings) {
        if (settings.type().equals(EngineSettings.DUCKDB)) {
            return duckdbProblems(settings);
        }
        Optional<EngineProvider> provider = provider(settings.type());
        if (provider.isPresent()) {
            return unknownKeys(settings, provider.get().keys());
        }
        if (MODULES.containsKey(settings.type())) {
            return List.of();
        }
        Set<String> known = knownTypes();
        return List.of("engine.type: unsupported engine '" + settings.type() + "'"
                + Suggestions.didYouMean(settings.type(), known) + "; supported: " + String.join(", ", known));
    }

    /** The engine types this class path runs, and those Osiris ships as modules. */
    public static Set<String> knownTypes() {
        Set<String> known = new TreeSet<>(MODULES.keySet());
        known.add(EngineSettings.DUCKDB);
        providers().keySet().forEach(known::add);
        return known;
    }

    private static ConfigurationException missing(String type) {
        String module = MODULES.get(type);
        if (module != null) {
            return new ConfigurationException("engine.type: '" + type + "' needs the module " + module
                    + " on the class path, with Apache Spark (spark-sql_2.13) beside it: add both as dependencies"
                    + " of the host, or submit the pipeline with spark-submit and the osiris-engine-spark jar;"
                    + " or remove the engine section to run on the embedded DuckDB");
        }
        return new ConfigurationException("engine.type: unsupported engine '" + type + "'"
                + Suggestions.didYouMean(type, knownTypes()) + "; supported: " + String.join(", ", knownTypes()));
    }

    /**
     * The DuckDB engine's worker threads {@code engine: {type: duckdb, threads: N}} asks for, or 0
     * for DuckDB's own choice (one per core) when it names none or another engine.
     */
    public static int duckdbThreads(EngineSettings settings) {
        String value = settings.type().equals(EngineSettings.DUCKDB) ? settings.get("threads", null) : null;
        return value == null ? 0 : threads(value).orElse(0);
    }

    private static List<String> duckdbProblems(EngineSettings settings) {
        List<String> problems = unknownKeys(settings, DUCKDB_KEYS);
        String threads = settings.get("threads", null);
        if (threads != null && threads(threads).isEmpty()) {
            problems.add("engine.threads: must be a whole number from 1 to " + MAX_THREADS + ", not '" + threads + "'");
        }
        return problems;
    }

    private static Optional<Integer> threads(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            return n >= 1 && n <= MAX_THREADS ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> unknownKeys(EngineSettings settings, Set<String> keys) {
        List<String> problems = new ArrayList<>();
        Set<String> accepted = new TreeSet<>(keys);
        accepted.add("type");
        for (String key : new TreeSet<>(settings.settings().keySet())) {
            String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!keys.contains(top)) {
                problems.add("engine." + key + ": unknown key" + Suggestions.didYouMean(top, accepted) + "; engine '"
                        + settings.type() + "' takes " + String.join(", ", accepted));
            }
        }
        return problems;
    }

    private static Optional<EngineProvider> provider(String type) {
        return Optional.ofNullable(providers().get(type));
    }

    /** Providers seen by the thread's context class loader (spark-submit's) and by Osiris's own. */
    private static Map<String, EngineProvider> providers() {
        Map<String, EngineProvider> found = new LinkedHashMap<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            ServiceLoader.load(EngineProvider.class, context).forEach(p -> found.putIfAbsent(p.type(), p));
        }
        ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())
                .forEach(p -> found.putIfAbsent(p.type(), p));
        return found;
    }
}
