package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowStream;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.testkit.PluginJarCheck;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two plugin jars, built here, each bundle their own copy of Jackson's
 * {@code com.fasterxml.jackson.core.json.PackageVersion} at a version that is not the host's
 * (the host, osiris.jar, has the real jackson-core). Each plugin runs with its own copy, the
 * host keeps its own, and neither plugin sees the other: through the registry, through
 * {@code osiris connectors}, and through a pipeline run that reads from both.
 */
class PluginIsolationTest {
    private static final String VERSION_A = "2.9.1-plugin-a";
    private static final String VERSION_B = "2.8.2-plugin-b";

    @TempDir
    static Path work;

    static Path plugins;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = Files.createDirectories(work.resolve("plugins"));
        VersionedPluginJars.build(work, "a", VERSION_A, plugins.resolve("jackson-a.jar"));
        // The second plugin is a folder of jars: one class loader for all of them.
        VersionedPluginJars.build(work, "b", VERSION_B, plugins.resolve("jackson-b").resolve("jackson-b.jar"));
    }

    private static String hostJackson() {
        return com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
    }

    @Test
    void eachPluginRunsWithItsOwnCopyOfALibraryTheHostAlsoHas() {
        assertThat(hostJackson()).isNotIn(VERSION_A, VERSION_B).startsWith("2.");
        try (ConnectorRegistry registry = load()) {
            ConnectorProvider a = registry.provider("jackson_a");
            ConnectorProvider b = registry.provider("jackson_b");

            assertThat(a.description()).isEqualTo("reports the Jackson it sees: " + VERSION_A);
            assertThat(b.description()).isEqualTo("reports the Jackson it sees: " + VERSION_B);
            assertThat(extracted(a)).containsExactly("jackson_a", VERSION_A);
            assertThat(extracted(b)).containsExactly("jackson_b", VERSION_B);
            assertThat(hostJackson()).isNotIn(VERSION_A, VERSION_B);
            assertThat(registry.pluginOf(a)).contains(plugins.resolve("jackson-a.jar"));
            assertThat(registry.pluginOf(b)).contains(plugins.resolve("jackson-b"));
        }
    }

    @Test
    void aPluginSeesTheApiOfTheHostButNotItsOtherClassesNorAnotherPlugin() throws Exception {
        try (ConnectorRegistry registry = load()) {
            ClassLoader a = registry.provider("jackson_a").getClass().getClassLoader();
            ClassLoader b = registry.provider("jackson_b").getClass().getClassLoader();

            assertThat(a).isNotSameAs(b).isNotSameAs(getClass().getClassLoader());
            assertThat(a.loadClass(ConnectorProvider.class.getName())).isSameAs(ConnectorProvider.class);
            assertThat(a.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
            assertThat(a.loadClass("java.sql.Connection")).isSameAs(java.sql.Connection.class);
            assertThatThrownBy(() -> a.loadClass("plugin.b.JacksonProvider")).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> b.loadClass("plugin.a.JacksonProvider")).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> a.loadClass("io.osiris.core.Osiris")).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> a.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                    .as("the host's Jackson beyond the plugin's own copy").isInstanceOf(ClassNotFoundException.class);
            assertThat(a.loadClass("com.fasterxml.jackson.core.json.PackageVersion"))
                    .isNotSameAs(com.fasterxml.jackson.core.json.PackageVersion.class);
            // Its service file is its own: the class path's providers are not found again through it.
            List<URL> services = Collections.list(a.getResources("META-INF/services/" + ConnectorProvider.class.getName()));
            assertThat(services).hasSize(1).allSatisfy(u -> assertThat(u.toString()).contains("jackson-a.jar"));
        }
    }

    @Test
    void closingTheRegistryClosesThePluginsLoaders() {
        ClassLoader a;
        try (ConnectorRegistry registry = load()) {
            a = registry.provider("jackson_a").getClass().getClassLoader();
        }
        assertThatThrownBy(() -> a.loadClass("plugin.a.NeverLoaded")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theLibraryEntryPointReadsNoPluginDirectory() {
        try (ConnectorRegistry registry = ConnectorRegistry.load()) {
            assertThat(registry.types()).doesNotContain("jackson_a", "jackson_b").contains("duckdb");
            assertThat(registry.pluginDirectory()).isEmpty();
        }
    }

    @Test
    void theKitsJarCheckPassesAPluginThatBundlesItsLibrary() {
        PluginJarCheck.assertLoadsAlone(plugins.resolve("jackson-a.jar"), "jackson_a", Map.of("label", "check"));
    }

    @Test
    void theKitsJarCheckFailsAPluginThatCountsOnTheHostsLibrary() {
        // The test class path has jackson-core; a plugin still does not see it.
        Path jar = VersionedPluginJars.build(work, "c", "unused", work.resolve("lonely").resolve("jackson-c.jar"), false);

        assertThatThrownBy(() -> PluginJarCheck.assertLoadsAlone(jar, "jackson_c", Map.of()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("needs a class it does not bundle")
                .hasMessageContaining("com/fasterxml/jackson/core/json/PackageVersion");
    }

    @Test
    void osirisConnectorsListsEachPluginWithItsJarAndVersion() {
        OsirisCliTest.Result r = OsirisCliTest.run("--plugins-dir", plugins.toString(), "connectors");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("""
                jackson_a - reports the Jackson it sees: %s
                    aliases       none
                    from          %s
                    version       1.0-a
                    dialect       ansi
                    capabilities  none
                """.formatted(VERSION_A, plugins.resolve("jackson-a.jar")));
        assertThat(r.out()).contains("""
                jackson_b - reports the Jackson it sees: %s
                    aliases       none
                    from          %s
                    version       1.0-b
                """.formatted(VERSION_B, plugins.resolve("jackson-b")));
        assertThat(r.out()).contains("Plugin directory: " + plugins);
    }

    @Test
    void osirisConnectorsJsonNamesThePluginJars() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("connectors", "--json", "--plugins-dir", plugins.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        JsonNode a = find(list, "jackson_a");
        assertThat(a.path("from").asText()).isEqualTo(plugins.resolve("jackson-a.jar").toString());
        assertThat(a.path("version").asText()).isEqualTo("1.0-a");
        assertThat(a.path("description").asText()).endsWith(VERSION_A);
        assertThat(find(list, "jackson_b").path("description").asText()).endsWith(VERSION_B);
    }

    @Test
    void aPipelineReadsFromBothPluginsEachWithItsOwnLibrary(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve(".osiris.yaml"), """
                version: 1
                connections:
                  jackson_a:
                    default:
                      label: first
                  jackson_b:
                    default:
                      label: second
                """);
        Path pipeline = Files.writeString(dir.resolve("versions.yaml"), """
                # osiris-pipeline-v2
                name: versions
                extract:
                  - id: a
                    source: jackson_a
                    table: jackson
                  - id: b
                    source: jackson_b
                    table: jackson
                transform:
                  - id: versions_seen
                    sql: SELECT * FROM a UNION ALL SELECT * FROM b ORDER BY plugin
                load:
                  - id: out
                    from: versions_seen
                    to: json
                    path: %s
                """.formatted(dir.resolve("versions.json")));

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "--plugins-dir", plugins.toString(),
                "run", pipeline.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("versions.json"))).isEqualTo(
                "{\"plugin\":\"jackson_a\",\"jackson\":\"" + VERSION_A + "\"}\n"
                        + "{\"plugin\":\"jackson_b\",\"jackson\":\"" + VERSION_B + "\"}\n");
    }

    private static ConnectorRegistry load() {
        return ConnectorRegistry.load(Thread.currentThread().getContextClassLoader(), plugins);
    }

    private static List<Object> extracted(ConnectorProvider provider) {
        try (Connector c = provider.open(new ConnectorConfig(provider.type(), "default", Map.of()));
                RowStream rows = c.extractor().extract(new Extraction.Table("jackson", List.of(), "", 0))) {
            assertThat(rows.next()).isTrue();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < rows.schema().size(); i++) {
                values.add(rows.get(i));
            }
            return values;
        }
    }

    private static JsonNode find(JsonNode list, String type) {
        for (JsonNode n : list) {
            if (n.path("type").asText().equals(type)) {
                return n;
            }
        }
        throw new AssertionError("no connector " + type + " in " + list);
    }
}
