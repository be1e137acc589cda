package io.osiris.core.connector;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.PluginClassLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugins of a plugin directory, each with its own class loader: a {@code *.jar} is one
 * plugin (a fat jar with its libraries inside), a sub-directory holding jars is one plugin made
 * of all its jars. Anything else in the directory is ignored.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** One plugin: where it is and the loader its classes come from. */
    record Plugin(Path path, PluginClassLoader loader) implements AutoCloseable {
        @Override
        public void close() {
            loader.close();
        }
    }

    /** The plugins of {@code directory} (none when it does not exist), sorted by name. */
    static List<Plugin> in(Path directory, ClassLoader host) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Plugin> plugins = new ArrayList<>();
        for (Path entry : list(directory)) {
            if (isJar(entry)) {
                plugins.add(new Plugin(entry, PluginClassLoader.of(entry.getFileName().toString(), List.of(entry), host)));
            } else if (Files.isDirectory(entry)) {
                List<Path> jars = list(entry).stream().filter(PluginJars::isJar).toList();
                if (!jars.isEmpty()) {
                    plugins.add(new Plugin(entry, PluginClassLoader.of(entry.getFileName().toString(), jars, host)));
                }
            }
        }
        return plugins;
    }

    private static boolean isJar(Path path) {
        return path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path);
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new ConfigurationException("Cannot list connector plugins in " + directory + ": " + e.getMessage(), e);
        }
    }
}
