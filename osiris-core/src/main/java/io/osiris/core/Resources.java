package io.osiris.core;

import io.osiris.core.connector.ConnectorRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

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
        return pluginDirectory == null ? ConnectorRegistry.classPath()
                : ConnectorRegistry.load(Thread.currentThread().getContextClassLoader(), pluginDirectory);
    }
}
