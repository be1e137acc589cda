package io.osiris.core.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector types Osiris knows, found with {@link ServiceLoader}: on the class path always,
 * and in a plugin directory only when one is given ({@link #load(ClassLoader, Path)},
 * {@code Osiris.configure().plugins(dir)}; the {@code osiris} command gives
 * {@code --plugins-dir}, {@code $OSIRIS_PLUGINS_DIR} or {@code ~/.osiris/plugins}). A host that
 * embeds Osiris gets no jar it did not ask for.
 *
 * <p>In a plugin directory, each {@code *.jar} is one plugin and each sub-directory holding jars
 * is one plugin made of those jars (a connector and its libraries, unshaded). Each plugin gets
 * its own child-first {@link io.osiris.api.connector.PluginClassLoader}: it runs with the
 * libraries it bundles (its own JDBC driver or Jackson), sees only the Osiris API and SLF4J of
 * the host, and never another plugin. The class path wins when two providers claim a type.
 *
 * <p>Providers are instantiated when the registry loads (they must be cheap); connectors are
 * opened only on demand. Closing the registry closes the plugins' class loaders.
 */
public final class ConnectorRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRegistry.class);

    /** The environment variable naming the plugin directory of the {@code osiris} command. */
    public static final String PLUGINS_DIR_ENV = "OSIRIS_PLUGINS_DIR";

    private final Map<String, ConnectorProvider> byType;
    private final Map<ConnectorProvider, Path> pluginOf;
    private final List<PluginJars.Plugin> plugins;
    private final Path pluginDirectory;

    private ConnectorRegistry(Map<String, ConnectorProvider> byType, Map<ConnectorProvider, Path> pluginOf,
            List<PluginJars.Plugin> plugins, Path pluginDirectory) {
        this.byType = byType;
        this.pluginOf = pluginOf;
        this.plugins = plugins;
        this.pluginDirectory = pluginDirectory;
    }

    /**
     * The plugin directory the {@code osiris} command reads when {@code --plugins-dir} is not
     * given: {@code $OSIRIS_PLUGINS_DIR}, else the {@code osiris.plugins.dir} system property
     * (older name, kept), else {@code ~/.osiris/plugins}. Library code reads it only when asked.
     */
    public static Path defaultPluginDirectory() {
        return defaultPluginDirectory(System.getenv());
    }

    /** {@link #defaultPluginDirectory()} with the environment given. */
    public static Path defaultPluginDirectory(Map<String, String> environment) {
        String fromEnv = environment.get(PLUGINS_DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String property = System.getProperty("osiris.plugins.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".osiris", "plugins");
    }

    /**
     * The providers on the class path (of the thread's context class loader) only: no plugin
     * directory is read. Add plugins with {@link #load(ClassLoader, Path)}.
     */
    public static ConnectorRegistry load() {
        return classPath();
    }

    /** The providers on the class path only; the same as {@link #load()}. */
    public static ConnectorRegistry classPath() {
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        register(byType, ServiceLoader.load(ConnectorProvider.class, Thread.currentThread().getContextClassLoader()),
                "class path");
        return new ConnectorRegistry(byType, new IdentityHashMap<>(), List.of(), null);
    }

    /**
     * The providers visible to {@code classLoader}, then those of each plugin in
     * {@code pluginDirectory} (which may be missing), each plugin in its own class loader
     * sharing the API of {@code classLoader}.
     *
     * @throws ConfigurationException naming the plugin when one cannot be read or loaded
     */
    public static ConnectorRegistry load(ClassLoader classLoader, Path pluginDirectory) {
        requireNonNull(classLoader, "classLoader");
        requireNonNull(pluginDirectory, "pluginDirectory");
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        register(byType, ServiceLoader.load(ConnectorProvider.class, classLoader), "class path");
        Map<ConnectorProvider, Path> pluginOf = new IdentityHashMap<>();
        List<PluginJars.Plugin> loaded = new ArrayList<>();
        try {
            for (PluginJars.Plugin plugin : PluginJars.in(pluginDirectory, classLoader)) {
                loaded.add(plugin);
                int before = pluginOf.size();
                for (ConnectorProvider provider : register(byType,
                        ServiceLoader.load(ConnectorProvider.class, plugin.loader()), plugin.path().toString())) {
                    pluginOf.put(provider, plugin.path());
                }
                if (pluginOf.size() == before) {
                    LOG.warn("Plugin {} adds no connector type (no META-INF/services/{} in it)", plugin.path(),
                            ConnectorProvider.class.getName());
                }
            }
        } catch (RuntimeException e) {
            loaded.forEach(PluginJars.Plugin::close);
            throw e;
        }
        return new ConnectorRegistry(byType, pluginOf, List.copyOf(loaded), pluginDirectory);
    }

    /** A registry of exactly these providers, for embedding and tests. */
    public static ConnectorRegistry of(List<? extends ConnectorProvider> providers) {
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        providers.forEach(p -> add(byType, p, "given"));
        return new ConnectorRegistry(byType, new IdentityHashMap<>(), List.of(), null);
    }

    /**
     * The provider of a type or alias.
     *
     * @throws ConfigurationException naming the known types when none matches
     */
    public ConnectorProvider provider(String type) {
        return find(type).orElseThrow(() -> new ConfigurationException(
                "Unknown connector type '" + type + "'. Known types: " + String.join(", ", types()) + ". "
                        + (pluginDirectory != null
                                ? "A third-party connector is added by putting its jar in " + pluginDirectory + "."
                                : "No plugin directory was read: a third-party connector's jar is found on the "
                                        + "class path, or in a plugin directory given to Osiris.")));
    }

    /** The provider of a type or alias, if any. */
    public Optional<ConnectorProvider> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * The SQL dialect a type's provider declares for every connector it opens, if the type is
     * known: known before any connection is opened, so pipelines are checked by it statically.
     */
    public Optional<SqlDialect> dialectOf(String type) {
        return find(type).map(ConnectorProvider::dialect);
    }

    /** Every type and alias known, sorted. */
    public SortedSet<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    /** Each provider once, in load order. */
    public List<ConnectorProvider> providers() {
        return byType.values().stream().distinct().toList();
    }

    /**
     * The plugin (jar, or folder of jars) a provider was loaded from; empty for a provider of
     * the class path or one given to {@link #of(List)}.
     */
    public Optional<Path> pluginOf(ConnectorProvider provider) {
        return Optional.ofNullable(pluginOf.get(provider));
    }

    /** The plugin directory this registry read, if it was given one. */
    public Optional<Path> pluginDirectory() {
        return Optional.ofNullable(pluginDirectory);
    }

    /** Closes the class loaders of the plugins; their connectors must be closed first. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (PluginJars.Plugin plugin : plugins) {
            try {
                plugin.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Registers what {@code loader} finds; returns the providers it added. */
    private static List<ConnectorProvider> register(Map<String, ConnectorProvider> byType,
            ServiceLoader<ConnectorProvider> loader, String origin) {
        List<ConnectorProvider> added = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<ConnectorProvider> candidate : loader.stream().toList()) {
                ConnectorProvider provider;
                try {
                    provider = candidate.get();
                } catch (ServiceConfigurationError | LinkageError e) {
                    throw new ConfigurationException("Cannot load connector " + candidate.type().getName()
                            + " from " + origin + ": " + e.getMessage(), e);
                }
                if (byType.values().stream().anyMatch(p -> p.getClass().equals(provider.getClass()))) {
                    continue;
                }
                if (add(byType, provider, origin)) {
                    added.add(provider);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("Cannot read the connectors of " + origin + ": " + e.getMessage(), e);
        }
        return added;
    }

    /** Adds each name of {@code provider} not taken yet; whether any was added. */
    private static boolean add(Map<String, ConnectorProvider> byType, ConnectorProvider provider, String origin) {
        List<String> names = new ArrayList<>();
        names.add(provider.type());
        names.addAll(provider.aliases());
        boolean any = false;
        for (String name : names) {
            ConnectorProvider existing = byType.putIfAbsent(name, provider);
            if (existing == null) {
                any = true;
            } else if (existing != provider) {
                LOG.warn("Connector type '{}' from {} ({}) is ignored: {} already provides it", name, origin,
                        provider.getClass().getName(), existing.getClass().getName());
            }
        }
        return any;
    }
}
