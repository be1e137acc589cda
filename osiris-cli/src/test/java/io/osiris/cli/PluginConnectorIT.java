package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector shipped as its own jar works from the plugins directory alone: the csv_folder
 * example is not on the class path (Maven copies its jar to target/test-plugins).
 */
class PluginConnectorIT {
    private static final Path PLUGINS = Path.of("target", "test-plugins").toAbsolutePath();

    @Test
    void aPipelineReadsThroughAConnectorFoundInThePluginsDirectory(@TempDir Path dir) throws Exception {
        assertThat(Files.list(PLUGINS).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("osiris-example-connector-csv"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("films.csv"), "id,title\n1,Selma\n2,Roma\n");
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  csv_folder:
                    default:
                      path: %s
                """.formatted(data));
        Path pipeline = dir.resolve("films.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: films
                extract:
                  - id: films
                    source: csv_folder
                    table: films
                transform:
                  - id: upper
                    sql: SELECT id, upper(title) AS title FROM films ORDER BY id
                load:
                  - id: out
                    to: json
                    path: %s
                """.formatted(dir.resolve("films.json")));

        OsirisCliTest.Result without = OsirisCliTest.run("--config", config.toString(), "validate",
                pipeline.toString());
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("csv_folder");

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "--plugins-dir", PLUGINS.toString(),
                "run", pipeline.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("films.json")))
                .isEqualTo("{\"id\":\"1\",\"title\":\"SELMA\"}\n{\"id\":\"2\",\"title\":\"ROMA\"}\n");
    }

    @Test
    void theEnvironmentNamesThePluginDirectoryOfTheCommand(@TempDir Path home) throws Exception {
        String found = connectorsWith(home, PLUGINS.toString());
        assertThat(found).contains("csv_folder - A folder of CSV files")
                .contains("    from          " + PLUGINS.resolve("osiris-example-connector-csv"));

        assertThat(connectorsWith(home, null)).as("an empty ~/.osiris/plugins").doesNotContain("csv_folder")
                .contains("Plugin directory: " + home.resolve(".osiris").resolve("plugins") + " (missing)");
    }

    /** {@code osiris connectors} in a new JVM, with {@code OSIRIS_PLUGINS_DIR} set (or not) and {@code home} as the home folder. */
    private static String connectorsWith(Path home, String pluginsDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), OsirisCli.class.getName(),
                "connectors").redirectErrorStream(true);
        pb.environment().remove("OSIRIS_PLUGINS_DIR");
        if (pluginsDir != null) {
            pb.environment().put("OSIRIS_PLUGINS_DIR", pluginsDir);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
