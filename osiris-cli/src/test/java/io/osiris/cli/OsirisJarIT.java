package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable {@code osiris.jar} (built in the package phase, so an integration test): none of
 * the dead weight the dependencies once dragged in, and a manifest {@code java -jar} honours.
 */
class OsirisJarIT {
    private static final Path JAR = Path.of("target", "osiris.jar");

    /** Packages that must never come back into the jar, and what brought them. */
    private static final List<String> DEAD_WEIGHT = List.of(
            "org/openjdk/jmh/",              // JSqlParser 5.3's jmh-core
            "joptsimple/",                   // ... its jopt-simple
            "org/apache/commons/math3/",     // ... its commons-math3
            "com/google/protobuf/",          // mysql-connector-j's X DevAPI
            "org/checkerframework/");        // PgJDBC's compile-time annotations

    @Test
    void theJarCarriesNoDeadWeight() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();

            assertThat(names).as("the jar holds osiris and its drivers").contains(
                    "io/osiris/cli/OsirisCli.class", "org/sqlite/JDBC.class", "com/mysql/cj/jdbc/Driver.class");
            assertThat(names).noneMatch(n -> DEAD_WEIGHT.stream().anyMatch(n::startsWith));
        }
    }

    @Test
    void theManifestStartsTheCliAndGrantsNativeAccessForDuckDb() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();

            assertThat(main.getValue("Main-Class")).isEqualTo("io.osiris.cli.OsirisCli");
            assertThat(main.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }

    @Test
    void everyLibraryJarNamesItsModule() throws Exception {
        // The thin jars the reactor packaged before this module: hosts on the module path see these names.
        Path root = Path.of("..").toAbsolutePath().normalize();
        String version = System.getProperty("osiris.version");
        for (String module : List.of("api", "jdbc", "core", "llm", "connector-mysql", "connector-supabase")) {
            String artifact = "osiris-" + module;
            Path thin = root.resolve(artifact).resolve("target").resolve(artifact + "-" + version + ".jar");
            try (JarFile jar = new JarFile(thin.toFile())) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).as(artifact)
                        .isEqualTo("io.osiris." + module.replace('-', '.'));
            }
        }
    }
}
