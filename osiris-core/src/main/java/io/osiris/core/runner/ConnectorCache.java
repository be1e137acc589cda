package io.osiris.core.runner;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.capability.DatabaseFile;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors a run opens, one per source or target (a file named by path, or a named
 * connection), shared by the steps that name it and closed when the run ends.
 */
final class ConnectorCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorCache.class);

    private final ConnectorRegistry registry;
    private final OsirisConfig config;
    private final Function<String, Path> resolve;
    private final Map<String, Connector> open = new LinkedHashMap<>();

    ConnectorCache(ConnectorRegistry registry, OsirisConfig config, Function<String, Path> resolve) {
        this.registry = registry;
        this.config = config;
        this.resolve = resolve;
    }

    synchronized Connector forExtract(ExtractStep step) {
        return open(key(step), () -> configOf(step));
    }

    /** The configuration an extract's connector opens with (secrets included: never log it). */
    ConnectorConfig configOf(ExtractStep step) {
        if (step.hasPath()) {
            return new ConnectorConfig(step.source(), "path", Map.of("path", resolve.apply(step.path()).toString()));
        }
        return config.requireConnection(step.source(), step.connection());
    }

    private String key(ExtractStep step) {
        return step.hasPath() ? step.source() + "|path|" + resolve.apply(step.path())
                : step.source() + "|" + step.connection();
    }

    synchronized Connector forLoad(LoadStep step) {
        if (step.target() == LoadTarget.DUCKDB) {
            Path file = resolve.apply(step.path());
            return open("duckdb|path|" + file, () -> new ConnectorConfig("duckdb", "path",
                    Map.of("path", file.toString())));
        }
        return open(step.to() + "|" + step.connection(),
                () -> config.requireConnection(step.to(), step.connection()));
    }

    /**
     * The database file an extract's connector declares ({@link DatabaseFile}), when it is the
     * very file the step names by path: only a file the pipeline declares is opened by the engine.
     */
    Optional<DatabaseFile> databaseFileOf(ExtractStep step) {
        if (!step.hasPath()) {
            return Optional.empty();
        }
        Path declared = resolve.apply(step.path());
        return forExtract(step).capability(DatabaseFile.class).filter(f -> f.path().equals(declared));
    }

    private Connector open(String key, Supplier<ConnectorConfig> configSupplier) {
        Connector existing = open.get(key);
        if (existing != null) {
            return existing;
        }
        ConnectorConfig c = configSupplier.get();
        Connector connector = registry.provider(c.type()).open(c);
        open.put(key, connector);
        return connector;
    }

    @Override
    public synchronized void close() {
        for (Connector c : open.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing connector {} failed: {}", c.type(), e.getMessage());
            }
        }
    }
}
