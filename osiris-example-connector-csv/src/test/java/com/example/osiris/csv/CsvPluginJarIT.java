package com.example.osiris.csv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.testkit.PluginJarCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar is a working plugin on its own, loaded as Osiris loads it from a plugin
 * directory: in its own class loader that sees {@code osiris-api} and nothing else of this
 * module or the test class path. Runs after {@code package}, under failsafe.
 */
class CsvPluginJarIT {
    @TempDir
    Path folder;

    private static final Path JAR = Path.of(System.getProperty("osiris.example.csv.jar",
            "target/osiris-example-connector-csv-0.1.0-SNAPSHOT.jar"));

    @Test
    void theJarAloneProvidesTheCsvConnector() throws Exception {
        Path jar = JAR;
        Files.writeString(folder.resolve("movies.csv"), "title\nAlien\n");

        PluginJarCheck.assertLoadsAlone(jar, "csv_folder", Map.of("path", folder.toString()));
    }

    @Test
    void theCheckRefusesSettingsTheConnectorDoesNotDocument() {
        assertThatThrownBy(() -> PluginJarCheck.assertLoadsAlone(JAR, "csv_folder",
                Map.of("path", folder.toString(), "pth", "typo")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("do not document")
                .hasMessageContaining("pth");
    }

    @Test
    void theCheckRefusesATypeTheJarDoesNotProvide() {
        assertThatThrownBy(() -> PluginJarCheck.assertLoadsAlone(JAR, "csv", Map.of("path", folder.toString())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("csv_folder");
    }
}
