package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the spark-submit application jar holds, and what it leaves to the cluster. */
class AppJarIT {
    private static List<String> entries;
    private static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(Path.of(System.getProperty("osiris.spark.app.jar")).toFile());
        entries = jar.stream().map(ZipEntry::getName).toList();
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void leavesSparkScalaHadoopAndSlf4jToTheCluster() {
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/spark/") || e.startsWith("scala/")
                || e.startsWith("org/apache/hadoop/") || e.startsWith("org/slf4j/"));
    }

    @Test
    void keepsItsJacksonAndSnakeYamlWhereSparksCannotMeetThem() {
        assertThat(entries).noneMatch(e -> e.endsWith(".class") && (e.contains("com/fasterxml/jackson/")
                || e.contains("org/yaml/snakeyaml/")));
        assertThat(entries).contains("io/osiris/spark/shaded/jackson/databind/ObjectMapper.class",
                "io/osiris/spark/shaded/snakeyaml/Yaml.class",
                // Versioned classes move with their base classes (shade leaves them behind by itself).
                "META-INF/versions/17/io/osiris/spark/shaded/jackson/core/internal/shaded/fdp/v2_23_0/"
                        + "FastDoubleSwar.class");
    }

    @Test
    void bundlesOsirisTheConnectorsAndTheirDrivers() throws IOException {
        assertThat(service("META-INF/services/io.osiris.api.connector.ConnectorProvider")).contains(
                "io.osiris.connector.mysql.MySqlConnectorProvider",
                "io.osiris.connector.supabase.SupabaseConnectorProvider",
                "io.osiris.core.duckdb.DuckDbConnectorProvider");
        assertThat(service("META-INF/services/io.osiris.core.engine.EngineProvider"))
                .contains("io.osiris.spark.SparkEngineProvider");
        assertThat(service("META-INF/services/java.sql.Driver")).contains("com.mysql.cj.jdbc.Driver",
                "org.postgresql.Driver", "org.sqlite.JDBC", "org.duckdb.DuckDBDriver");
        assertThat(entries).contains("io/osiris/spark/SparkMain.class", "libduckdb_java.so_linux_amd64",
                "libduckdb_java.so_linux_arm64").doesNotContain("libduckdb_java.so_osx_universal");
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.osiris.spark.SparkMain");
    }

    private static String service(String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
