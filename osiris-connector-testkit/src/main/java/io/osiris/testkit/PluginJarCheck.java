package io.osiris.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.PluginClassLoader;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.DatabaseFile;
import io.osiris.api.connector.capability.SplitRead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Checks that a plugin jar works on its own, loaded exactly as Osiris loads it from a plugin
 * directory: in its own child-first {@link PluginClassLoader}, which sees the Osiris API, SLF4J
 * and the JDK but no other class of the host. A jar that needs a library it does not bundle,
 * or that only works because the test class path happens to hold something, fails here with
 * the class it missed, instead of in a user's {@code ~/.osiris/plugins}.
 *
 * <p>Run it against the packaged jar, after {@code package} (a failsafe {@code *IT} test):
 *
 * <pre>{@code
 * PluginJarCheck.assertLoadsAlone(Path.of("target/my-connector-1.0.jar"), "my_type",
 *         Map.of("path", folder.toString()));
 * }</pre>
 */
public final class PluginJarCheck {
    private static final String SERVICES = "META-INF/services/" + ConnectorProvider.class.getName();
    private static final List<Class<? extends ConnectorCapability>> KNOWN_CAPABILITIES =
            List.of(CsvExport.class, CsvImport.class, DatabaseFile.class, SplitRead.class);

    private PluginJarCheck() {
    }

    /**
     * Loads {@code jar} alone and checks that: it registers its provider in
     * {@code META-INF/services} and does not bundle {@code osiris-api}; the provider of
     * {@code type} is found there and its classes come from the jar; {@code settings} use only
     * the keys it documents and give every required one; it opens with them, as {@code type},
     * in the dialect it declares, offering no capability it does not declare; the source
     * answers ({@code ping}) and lists its tables. The loader is closed afterwards.
     *
     * @param settings a working connection's settings (a temporary folder, a test database)
     * @throws AssertionError saying what is wrong with the jar
     */
    public static void assertLoadsAlone(Path jar, String type, Map<String, String> settings) {
        requireNonNull(type, "type");
        requireNonNull(settings, "settings");
        assertThat(jar).as("the plugin jar (build it first: mvn package)").isRegularFile();
        try (JarFile contents = new JarFile(jar.toFile())) {
            assertThat(contents.getEntry(SERVICES)).as("%s in %s", SERVICES, jar).isNotNull();
            assertThat(contents.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/osiris/api/")))
                    .as("classes of osiris-api bundled in %s: Osiris provides the API, the jar must not", jar)
                    .isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        try (PluginClassLoader loader = PluginClassLoader.of(jar.getFileName().toString(), List.of(jar),
                ConnectorProvider.class.getClassLoader())) {
            check(jar, type, settings, loader);
        } catch (LinkageError e) {
            throw new AssertionError("the plugin " + jar + " needs a class it does not bundle (" + e
                    + "); a plugin sees only the Osiris API, SLF4J and the JDK of the host: bundle its libraries "
                    + "in the jar (shade them), or ship a folder of jars", e);
        }
    }

    private static void check(Path jar, String type, Map<String, String> settings, PluginClassLoader loader) {
        List<ConnectorProvider> providers = ServiceLoader.load(ConnectorProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(providers).as("connector types the jar provides").extracting(ConnectorProvider::type)
                .contains(type);
        ConnectorProvider provider = providers.stream().filter(p -> p.type().equals(type)).findFirst().orElseThrow();
        assertFromJar(provider.getClass(), loader, jar);
        assertDocumented(provider, settings);
        try (Connector connector = provider.open(new ConnectorConfig(type, "plugin_check", settings))) {
            assertThat(connector.type()).as("the type of the opened connector").isEqualTo(type);
            assertThat(connector.dialect()).as("the opened connector's dialect against its provider's")
                    .isEqualTo(provider.dialect());
            assertFromJar(connector.getClass(), loader, jar);
            assertFromJar(connector.discovery().getClass(), loader, jar);
            assertFromJar(connector.extractor().getClass(), loader, jar);
            for (Class<? extends ConnectorCapability> capability : KNOWN_CAPABILITIES) {
                if (connector.capability(capability).isPresent()) {
                    assertThat(provider.capabilities()).as("capabilities the provider declares, which the "
                            + "connector offers").contains(capability);
                }
            }
            connector.ping();
            assertThat(connector.discovery().listTables()).as("tables listed").isNotNull();
        }
    }

    private static void assertFromJar(Class<?> type, PluginClassLoader loader, Path jar) {
        assertThat(type.getClassLoader()).as("the loader of %s (it must come from the plugin jar, not the host)",
                type.getName()).isSameAs(loader);
        try {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(source.toAbsolutePath()).as("where %s comes from", type.getName()).isEqualTo(jar.toAbsolutePath());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertDocumented(ConnectorProvider provider, Map<String, String> settings) {
        Set<String> documented = provider.configKeys().stream().map(k -> k.name()).collect(Collectors.toSet());
        assertThat(new TreeSet<>(settings.keySet())).as("settings the provider's configKeys() do not document")
                .isSubsetOf(documented);
        Set<String> required = provider.configKeys().stream().filter(k -> k.required()).map(k -> k.name())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(settings.keySet()).as("required settings the check was not given").containsAll(required);
    }
}
