package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's list of what a run against a database loads ({@code cds/run.classlist}) still
 * names the jar's classes: after a driver upgrade a stale list only makes starts slower, so this
 * is where it shows. Regenerate it with {@code osiris-cli/cds/update-classlist}.
 */
class CdsClassListTest {
    private static final Path LIST = Path.of("cds", "run.classlist");

    @Test
    void everyListedClassIsOnTheClassPath() throws IOException {
        List<String> classes = Files.readAllLines(LIST).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(classes).as("classes in %s", LIST).hasSizeGreaterThan(100)
                .anyMatch(c -> c.startsWith("com/mysql/cj/")).anyMatch(c -> c.startsWith("org/postgresql/"));
        ClassLoader loader = getClass().getClassLoader();
        List<String> missing = classes.stream().filter(c -> !loads(c.replace('/', '.'), loader)).toList();
        assertThat(missing).as("classes in %s the class path lacks: run osiris-cli/cds/update-classlist", LIST)
                .isEmpty();
    }

    private static boolean loads(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
