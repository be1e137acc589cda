package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one connector plugin (one jar, or the jars of one folder), child-first:
 * a class is looked for in the plugin's own jars before the JDK's platform class loader, so a
 * plugin's own JDBC driver, Jackson or other library is the one it runs with, whatever copy the
 * host has. Only the Osiris API ({@code io.osiris.api.*}) and SLF4J ({@code org.slf4j.*}) come
 * from the host, as they must be shared for the host to call the plugin and see its logs; the
 * plugin sees no other class of the host and no other plugin. Resources ({@code
 * META-INF/services} included) come from the plugin's own jars first, then the JDK's.
 *
 * <p>Osiris loads every plugin with this class, and the connector test kit loads a plugin jar
 * with it too, so a plugin author can check that the jar runs on its own; that is why it lives
 * in the API (it needs nothing but the JDK). Close it when the plugin's classes are no longer
 * used.
 */
public final class PluginClassLoader extends URLClassLoader {
    /** Packages every plugin shares with the host: the SPI it implements and the logging facade. */
    private static final List<String> SHARED = List.of("io.osiris.api.", "org.slf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;

    private PluginClassLoader(String name, URL[] jars, ClassLoader host) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    /**
     * A loader for the plugin made of {@code jars}, sharing the API and SLF4J of {@code host}
     * (the loader that sees the host's {@code io.osiris.api} classes).
     *
     * @param name names the plugin in class loader diagnostics (its jar or folder name)
     * @throws IllegalArgumentException when {@code jars} is empty or a path cannot be a URL
     */
    public static PluginClassLoader of(String name, List<Path> jars, ClassLoader host) {
        requireNonNull(name, "name");
        requireNonNull(host, "host");
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("a plugin needs at least one jar: " + name);
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a jar path: " + jar, e);
            }
        }
        return new PluginClassLoader(name, urls.toArray(URL[]::new), host);
    }

    /** Whether a class of this name comes from the host (the API or SLF4J), not from the plugin. */
    public static boolean isShared(String className) {
        return SHARED.stream().anyMatch(className::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                if (isShared(name)) {
                    loaded = host.loadClass(name);
                } else if (name.startsWith("java.")) {
                    loaded = getParent().loadClass(name);
                } else {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notInPlugin) {
                        loaded = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isShared(name.replace('/', '.'))) {
            return host.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isShared(name.replace('/', '.'))) {
            return host.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    /** Closes the plugin's jars; classes already loaded keep working, new ones cannot be loaded. */
    @Override
    public void close() {
        try {
            super.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the jars of plugin " + getName(), e);
        }
    }
}
