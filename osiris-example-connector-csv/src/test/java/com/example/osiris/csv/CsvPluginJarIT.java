package com.example.osiris.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.ConnectorProvider;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar is a working plugin on its own, as Osiris loads it from
 * {@code ~/.osiris/plugins/}: a class loader that sees {@code osiris-api} and nothing else of
 * this module finds the {@code csv} provider in the jar through {@link ServiceLoader}, and the
 * connector it opens reads a file. Runs after {@code package}, under failsafe.
 */
class CsvPluginJarIT {
    private static final String SPI = "io.osiris.api.connector.";

    @TempDir
    Path folder;

    @Test
    void theJarAloneProvidesTheCsvConnector() throws Exception {
        Path jar = Path.of(System.getProperty("osiris.example.csv.jar",
                "target/osiris-example-connector-csv-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar; run mvn verify").isRegularFile();
        try (JarFile contents = new JarFile(jar.toFile())) {
            assertThat(contents.getEntry("META-INF/services/" + SPI + "ConnectorProvider")).isNotNull();
            assertThat(contents.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/osiris/")))
                    .as("the jar carries only its own classes, not the api").isEmpty();
        }

        // The api alone, as the Osiris runtime has it; neither target/classes nor this jar.
        URL api = ConnectorProvider.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader runtime = new URLClassLoader(new URL[] {api}, ClassLoader.getPlatformClassLoader());
                URLClassLoader plugin = new URLClassLoader(new URL[] {jar.toUri().toURL()}, runtime)) {
            Class<?> spi = runtime.loadClass(SPI + "ConnectorProvider");
            List<Object> found = new ArrayList<>();
            ServiceLoader.load(spi, plugin).forEach(found::add);

            assertThat(found).hasSize(1);
            Object provider = found.get(0);
            assertThat(call(spi, provider, "type")).isEqualTo("csv_folder");
            assertThat(provider.getClass().getName()).isEqualTo(CsvConnectorProvider.class.getName());
            assertThat(provider.getClass().getClassLoader()).isSameAs(plugin);
            assertThat(provider.getClass().getProtectionDomain().getCodeSource().getLocation())
                    .isEqualTo(jar.toUri().toURL());

            Files.writeString(folder.resolve("movies.csv"), "title\nAlien\n");
            Map<String, String> settings = new HashMap<>(Map.of("path", folder.toString()));
            Object config = runtime.loadClass(SPI + "ConnectorConfig")
                    .getConstructor(String.class, String.class, Map.class)
                    .newInstance("csv_folder", "default", settings);
            Class<?> connectorType = runtime.loadClass(SPI + "Connector");
            Object connector = spi.getMethod("open", config.getClass()).invoke(provider, config);
            try {
                Object discovery = call(connectorType, connector, "discovery");
                Object tables = call(runtime.loadClass(SPI + "IDiscovery"), discovery, "listTables");
                assertThat(tables.toString()).contains("movies");
            } finally {
                call(connectorType, connector, "close");
            }
        }
    }

    /** Calls a no-argument method through its interface: the implementation classes are package-private. */
    private static Object call(Class<?> type, Object target, String method) throws Exception {
        Method m = type.getMethod(method);
        return m.invoke(target);
    }
}
