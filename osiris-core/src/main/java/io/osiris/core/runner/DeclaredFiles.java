package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.write.FileParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The files a run's engine may open, decided before it opens: the database files extracts read
 * and, for each file load, the temporary file beside its target (the load's file, or with mode
 * append this run's new part) that the engine writes and the runner renames into place when the
 * run succeeds. The engine's {@link Sandbox} is exactly
 * these, so a transform can neither read the targets nor write anywhere else. A dry run
 * declares none: it reads its sources through their connectors and writes nothing.
 */
final class DeclaredFiles {
    private final Map<String, Path> targets;
    private final Map<String, Path> temps;
    private final Sandbox sandbox;

    private DeclaredFiles(Map<String, Path> targets, Map<String, Path> temps, Sandbox sandbox) {
        this.targets = targets;
        this.temps = temps;
        this.sandbox = sandbox;
    }

    /**
     * @param resolve      turns a pipeline's path into the absolute file it names
     * @param databaseFile whether an extract's connector declares the very file the step names by
     *                     path as a database file ({@link io.osiris.api.connector.capability.DatabaseFile})
     */
    static DeclaredFiles of(Pipeline pipeline, UnaryOperator<Path> resolve, boolean dry,
            Predicate<ExtractStep> databaseFile) {
        Map<String, Path> targets = targets(pipeline, resolve);
        if (dry) {
            return new DeclaredFiles(targets, Map.of(), Sandbox.none());
        }
        Sandbox sandbox = Sandbox.none();
        for (ExtractStep e : pipeline.extracts()) {
            if (e.hasPath() && databaseFile.test(e)) {
                sandbox = sandbox.withDatabaseFile(resolve.apply(Path.of(e.path())));
            }
        }
        Map<String, Path> temps = new LinkedHashMap<>();
        for (LoadStep l : pipeline.loads()) {
            if (l.target().isFile()) {
                Path file = targets.get(l.id());
                Path temp = file.resolveSibling("." + file.getFileName() + ".osiris-" + UUID.randomUUID() + ".tmp");
                temps.put(l.id(), temp);
                sandbox = sandbox.with(temp);
            }
        }
        return new DeclaredFiles(targets, Map.copyOf(temps), sandbox);
    }

    /**
     * The file each file load writes: its path, replaced when the run commits; with mode append, a
     * new part of this run ({@link FileParts}), so earlier parts stay as they are.
     */
    private static Map<String, Path> targets(Pipeline pipeline, UnaryOperator<Path> resolve) {
        Instant now = Instant.now();
        String runTag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Path> targets = new LinkedHashMap<>();
        for (LoadStep l : pipeline.loads()) {
            if (l.target().isFile()) {
                Path file = resolve.apply(Path.of(l.path()));
                targets.put(l.id(), l.mode() == WriteMode.APPEND ? FileParts.part(l, file, now, runTag) : file);
            }
        }
        return Map.copyOf(targets);
    }

    /** The file a file load writes when the run commits: its path, or this run's new part. */
    Path target(LoadStep load) {
        Path target = targets.get(load.id());
        if (target == null) {
            throw new IllegalStateException("load " + load.id() + " declared no file");
        }
        return target;
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
