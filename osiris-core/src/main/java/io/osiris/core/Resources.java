package io.osiris.core;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.core.connector.ConnectorRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** What an {@link Osiris} opened, closed in reverse order; and how it loads its connector types. */
final class Resources {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes everything opened, newest first, then {@code last} (if any); the first failure is thrown. */
    void close(AutoCloseable last) {
        if (last != null) {
            opened.addLast(last);
        }
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The connector types on the class path, plus those of the plugin directory when one is
     * given: a library host gets no jar from {@code ~/.osiris/plugins} it did not ask for.
     */
    static ConnectorRegistry loadRegistry(Path pluginDirectory) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (pluginDirectory != null) {
            return ConnectorRegistry.load(loader, pluginDirectory);
        }
        try {
            return ConnectorRegistry.of(ServiceLoader.load(ConnectorProvider.class, loader).stream()
                    .map(ServiceLoader.Provider::get).toList());
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("Cannot load the connectors on the class path: " + e.getMessage(), e);
        }
    }
}
