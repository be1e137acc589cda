package io.osiris.core.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector types Osiris knows, found with {@link ServiceLoader} on the class path and in
 * the jars of a plugin directory ({@code ~/.osiris/plugins/} by default). Dropping a jar there
 * adds a connector without a rebuild. The class path wins when two providers claim a type.
 *
 * <p>Providers are instantiated when the registry loads (they must be cheap); connectors are
 * opened only on demand. Closing the registry closes the plugin class loader.
 */
public final class ConnectorRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRegistry.class);

    private final Map<String, ConnectorProvider> byType;
    private final URLClassLoader pluginLoader;

    private ConnectorRegistry(Map<String, ConnectorProvider> byType, URLClassLoader pluginLoader) {
        this.byType = byType;
        this.pluginLoader = pluginLoader;
    }

    /** The default plugin directory: {@code ~/.osiris/plugins}, or the {@code osiris.plugins.dir} property. */
    public static Path defaultPluginDirectory() {
        String override = System.getProperty("osiris.plugins.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".osiris", "plugins");
    }

    /** Loads providers from the class path and the default plugin directory. */
    public static ConnectorRegistry load() {
        return load(Thread.currentThread().getContextClassLoader(), defaultPluginDirectory());
    }

    /**
     * Loads the providers on the class path only, reading no plugin directory: enough for the
     * built-in types, and what a host that installs no plugins gets.
     */
    public static ConnectorRegistry classPath() {
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        register(byType, ServiceLoader.load(ConnectorProvider.class, Thread.currentThread().getContextClassLoader()),
                "class path");
        return new ConnectorRegistry(byType, null);
    }

    /**
     * Loads providers visible to {@code classLoader}, then those in the jars of
     * {@code pluginDirectory} (which may be missing).
     */
    public static ConnectorRegistry load(ClassLoader classLoader, Path pluginDirectory) {
        requireNonNull(classLoader, "classLoader");
        requireNonNull(pluginDirectory, "pluginDirectory");
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        register(byType, ServiceLoader.load(ConnectorProvider.class, classLoader), "class path");
        URLClassLoader pluginLoader = null;
        List<URL> jars = pluginJars(pluginDirectory);
        if (!jars.isEmpty()) {
            pluginLoader = new URLClassLoader(jars.toArray(URL[]::new), classLoader);
            // Only providers the plugin jars add: the parent's were registered above.
            register(byType, ServiceLoader.load(ConnectorProvider.class, pluginLoader), pluginDirectory.toString());
        }
        return new ConnectorRegistry(byType, pluginLoader);
    }

    /** A registry of exactly these providers, for embedding and tests. */
    public static ConnectorRegistry of(List<? extends ConnectorProvider> providers) {
        Map<String, ConnectorProvider> byType = new LinkedHashMap<>();
        providers.forEach(p -> add(byType, p, "given"));
        return new ConnectorRegistry(byType, null);
    }

    /**
     * The provider of a type or alias.
     *
     * @throws ConfigurationException naming the known types when none matches
     */
    public ConnectorProvider provider(String type) {
        return find(type).orElseThrow(() -> new ConfigurationException(
                "Unknown connector type '" + type + "'. Known types: " + String.join(", ", types())
                        + ". A third-party connector is added by putting its jar in "
                        + defaultPluginDirectory() + "."));
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

    @Override
    public void close() {
        if (pluginLoader != null) {
            try {
                pluginLoader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the plugin class loader", e);
            }
        }
    }

    private static void register(Map<String, ConnectorProvider> byType, ServiceLoader<ConnectorProvider> loader,
            String origin) {
        for (ServiceLoader.Provider<ConnectorProvider> candidate : loader.stream().toList()) {
            ConnectorProvider provider;
            try {
                provider = candidate.get();
            } catch (ServiceConfigurationError e) {
                throw new ConfigurationException("Cannot load connector " + candidate.type().getName()
                        + " from " + origin + ": " + e.getMessage(), e);
            }
            if (byType.containsValue(provider) || byType.values().stream()
                    .anyMatch(p -> p.getClass().equals(provider.getClass()))) {
                continue;
            }
            add(byType, provider, origin);
        }
    }

    private static void add(Map<String, ConnectorProvider> byType, ConnectorProvider provider, String origin) {
        List<String> names = new ArrayList<>();
        names.add(provider.type());
        names.addAll(provider.aliases());
        for (String name : names) {
            ConnectorProvider existing = byType.putIfAbsent(name, provider);
            if (existing != null && existing != provider) {
                LOG.warn("Connector type '{}' from {} ({}) is ignored: {} already provides it", name, origin,
                        provider.getClass().getName(), existing.getClass().getName());
            }
        }
    }

    private static List<URL> pluginJars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                urls.add(toUrl(jar));
            }
            return urls;
        } catch (IOException e) {
            throw new ConfigurationException("Cannot list connector plugins in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigurationException("Bad plugin path " + jar, e);
        }
    }
}
