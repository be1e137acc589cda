package io.osiris.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a host gets from osiris-core at run time (the list Maven resolved for this build, written by
 * the {@code runtime-dependency-list} execution): no benchmark harness or other dead weight, and
 * SQLite's driver only when the host asks for it.
 */
class DependencyHygieneTest {
    /** Group or artifact prefixes that must never come back: JSqlParser 5.3's jmh-core and its children. */
    static final List<String> DEAD_WEIGHT = List.of("org.openjdk.jmh:", "net.sf.jopt-simple:",
            "org.apache.commons:commons-math3:", "com.google.protobuf:", "org.checkerframework:");

    private static List<String> runtimeDependencies() throws Exception {
        Path file = Path.of(System.getProperty("osiris.test.runtime-dependencies",
                "target/runtime-dependencies.txt"));
        // "   group:artifact:jar:version:scope (optional) -- module name", without the module part
        return Files.readAllLines(file).stream().map(line -> line.replaceFirst(" -- module .*", "").strip())
                .filter(line -> line.matches("[\\w.-]+:[\\w.-]+:.*")).toList();
    }

    @Test
    void noDeadWeightReachesAHost() throws Exception {
        List<String> dependencies = runtimeDependencies();

        assertThat(dependencies).as("the list was written").anyMatch(d -> d.startsWith("com.github.jsqlparser:"));
        assertThat(dependencies).noneMatch(d -> DEAD_WEIGHT.stream().anyMatch(d::startsWith));
    }

    @Test
    void sqliteIsOptionalSoOnlyHostsUsingTheStateStoreCarryIt() throws Exception {
        assertThat(runtimeDependencies()).filteredOn(d -> d.startsWith("org.xerial:sqlite-jdbc:"))
                .singleElement().asString().endsWith("(optional)");
    }
}
