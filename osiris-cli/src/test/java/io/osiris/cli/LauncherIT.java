package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code ./osiris} launcher makes its class-data-sharing archive on each JDK it runs on
 * (the one running the tests, and any other JDK 21+ installed beside it): a failed dump is
 * silent by design (the command still runs, only slower), so this is where it shows. JDK 25's
 * class lists once made every dump fail that way.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("osiris-cli").resolve("target");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(1\\.)?(\\d+)");

    @TempDir
    Path dir;

    static List<Path> javaHomes() throws IOException {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> all = Files.list(jvms)) {
                all.filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")) && !Files.isSymbolicLink(h))
                        .filter(h -> major(h) >= 21 && major(h) != Runtime.version().feature())
                        .findFirst().ifPresent(homes::add);
            }
        }
        return homes;
    }

    /** A JDK's feature version, from the {@code release} file in its home; 0 when unknown. */
    private static int major(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                Matcher m = JAVA_VERSION.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(2));
                }
            }
        } catch (IOException e) {
            // no release file: not a JDK this test knows how to tell
        }
        return 0;
    }

    @ParameterizedTest
    @MethodSource("javaHomes")
    void theLauncherMakesAClassDataArchiveForTheJdkItRunsOn(Path javaHome) throws Exception {
        Path java = javaHome.resolve("bin").resolve("java").toRealPath();
        Path archive = TARGET.resolve("osiris-cds-" + java.toString().replaceAll("[^A-Za-z0-9]", "_") + ".jsa");
        Files.deleteIfExists(archive);

        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("osiris").toString(), "--version").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("OSIRIS_CDS");
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("osiris ").contains("Java ");
        assertThat(archive).as("the archive for %s", java).exists();
        assertThat(Files.size(archive)).as("size of %s (empty: the dump failed)", archive).isGreaterThan(1_000_000);
    }

    static List<Path> javaHomesWithNativeAccessWarnings() throws IOException {
        return javaHomes().stream().filter(h -> major(h) >= 22).toList();
    }

    @ParameterizedTest(allowZeroInvocations = true) // no JDK 22+ installed: nothing to check
    @MethodSource("javaHomesWithNativeAccessWarnings")
    void onJava22AndNewerTheDemoPrintsNoNativeAccessWarning(Path javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("osiris").toString(), "demo").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("DuckDB ran").contains("The Dark Knight").doesNotContain("WARNING:");
    }
}
