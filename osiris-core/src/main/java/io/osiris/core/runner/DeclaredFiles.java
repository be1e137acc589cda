package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.engine.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The files a run's engine may open, decided before it opens: the DuckDB files extracts read
 * and, for each file load, the temporary file beside its target that the engine writes and the
 * runner renames into place when the run succeeds. The engine's {@link Sandbox} is exactly
 * these, so a transform can neither read the targets nor write anywhere else. A dry run
 * declares none: it reads its sources through their connectors and writes nothing.
 */
final class DeclaredFiles {
    private final Map<String, Path> temps;
    private final Sandbox sandbox;

    private DeclaredFiles(Map<String, Path> temps, Sandbox sandbox) {
        this.temps = temps;
        this.sandbox = sandbox;
    }

    /** @param resolve turns a pipeline's path into the absolute file it names */
    static DeclaredFiles of(Pipeline pipeline, UnaryOperator<Path> resolve, boolean dry) {
        if (dry) {
            return new DeclaredFiles(Map.of(), Sandbox.none());
        }
        Sandbox sandbox = Sandbox.none();
        for (ExtractStep e : pipeline.extracts()) {
            if (e.source().equals(DuckDbConnectorProvider.TYPE) && e.hasPath()) {
                sandbox = sandbox.withDatabaseFile(resolve.apply(Path.of(e.path())));
            }
        }
        Map<String, Path> temps = new LinkedHashMap<>();
        for (LoadStep l : pipeline.loads()) {
            if (l.target().isFile()) {
                Path file = resolve.apply(Path.of(l.path()));
                Path temp = file.resolveSibling("." + file.getFileName() + ".osiris-" + UUID.randomUUID() + ".tmp");
                temps.put(l.id(), temp);
                sandbox = sandbox.with(temp);
            }
        }
        return new DeclaredFiles(Map.copyOf(temps), sandbox);
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** The temporary file a file load is written to, in a directory made if missing. */
    Path temp(LoadStep load) {
        Path temp = temps.get(load.id());
        if (temp == null) {
            throw new IllegalStateException("load " + load.id() + " declared no file");
        }
        Path directory = temp.getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ExecutionFailedException("Load " + load.id() + ": cannot create directory " + directory
                    + ": " + e.getMessage(), e);
        }
        return temp;
    }
}
