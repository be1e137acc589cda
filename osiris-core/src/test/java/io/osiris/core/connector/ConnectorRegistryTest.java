package io.osiris.core.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorRegistryTest {

    @Test
    void findsAProviderOnTheClassPathThroughServiceLoader(@TempDir Path noPlugins) {
        try (ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader(), noPlugins)) {
            assertThat(registry.types()).contains("example", "example-alias");
            ConnectorProvider provider = registry.provider("example");
            assertThat(provider).isInstanceOf(ExampleConnectorProvider.class);
            assertThat(registry.provider("example-alias")).isSameAs(provider);
        }
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes(@TempDir Path noPlugins) {
        try (ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader(), noPlugins)) {
            assertThatThrownBy(() -> registry.provider("oracle"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Unknown connector type 'oracle'")
                    .hasMessageContaining("Known types: ")
                    .hasMessageContaining("example");
        }
    }

    @Test
    void aJarInThePluginDirectoryAddsAConnectorWithoutARebuild(@TempDir Path work) throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        buildPluginJar(work, plugins.resolve("acme-connector.jar"));
        try (ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader(), plugins)) {
            ConnectorProvider acme = registry.provider("acme");
            assertThat(acme.description()).isEqualTo("Acme files");
            assertThat(acme.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
            assertThat(registry.types()).contains("acme", "example");
        }
    }

    @Test
    void theLibraryEntryPointsReadNoPluginDirectory() {
        try (ConnectorRegistry registry = ConnectorRegistry.load()) {
            assertThat(registry.types()).contains("example", "duckdb");
            assertThat(registry.pluginDirectory()).isEmpty();
            assertThatThrownBy(() -> registry.provider("acme")).hasMessageContaining("No plugin directory was read");
        }
    }

    @Test
    void eachJarAndEachFolderOfJarsIsOnePluginWithItsOwnLoader(@TempDir Path work) throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        buildPluginJar(work, plugins.resolve("acme").resolve("acme-connector.jar"));
        Files.writeString(plugins.resolve("notes.txt"), "not a plugin");
        try (ConnectorRegistry registry = ConnectorRegistry.load(getClass().getClassLoader(), plugins)) {
            ConnectorProvider acme = registry.provider("acme");
            assertThat(registry.pluginOf(acme)).contains(plugins.resolve("acme"));
            assertThat(registry.pluginOf(registry.provider("example"))).isEmpty();
            assertThat(acme.getClass().getClassLoader()).isInstanceOf(io.osiris.api.connector.PluginClassLoader.class);
        }
    }

    @Test
    void thePluginDirectoryComesFromTheEnvironmentBeforeTheHomeFolder() {
        assertThat(ConnectorRegistry.defaultPluginDirectory(Map.of("OSIRIS_PLUGINS_DIR", "/opt/osiris/plugins")))
                .isEqualTo(Path.of("/opt/osiris/plugins"));
        assertThat(ConnectorRegistry.defaultPluginDirectory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".osiris", "plugins"));
    }

    @Test
    void aRegistryOfGivenProvidersKnowsOnlyThem() {
        try (ConnectorRegistry registry = ConnectorRegistry.of(List.of(new ExampleConnectorProvider()))) {
            assertThat(registry.types()).containsExactly("example", "example-alias");
            assertThat(registry.providers()).hasSize(1);
        }
    }

    /** Compiles a provider from source into a jar with its service file, like a third party would ship. */
    private static void buildPluginJar(Path work, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Path src = Files.createDirectories(work.resolve("src/acme"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Files.writeString(src.resolve("AcmeProvider.java"), """
                package acme;
                import io.osiris.api.connector.*;
                import java.util.List;
import java.util.Map;
                public final class AcmeProvider implements ConnectorProvider {
                    public String type() { return "acme"; }
                    public String description() { return "Acme files"; }
                    public List<ConfigKey> configKeys() { return List.of(ConfigKey.required("path", "a folder")); }
                    public Connector open(ConnectorConfig config) { throw new UnsupportedOperationException(); }
                }
                """);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int rc = compiler.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.resolve("AcmeProvider.java").toString());
        assertThat(rc).as("plugin compiles").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("acme/AcmeProvider.class"));
            out.write(Files.readAllBytes(classes.resolve("acme/AcmeProvider.class")));
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/services/io.osiris.api.connector.ConnectorProvider"));
            OutputStream entry = out;
            entry.write("acme.AcmeProvider\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
