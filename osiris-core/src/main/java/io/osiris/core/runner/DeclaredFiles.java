package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.write.FileParts;
import io.osiris.core.write.FileUris;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
 * declares none: it reads its sources through their connectors and writes nothing. A file load
 * whose path is a file system URI declares no local file: its target and temporary sibling are
 * URIs the engine writes through its file system.
 */
final class DeclaredFiles {
    private final Map<String, Path> targets;
    private final Map<String, Path> temps;
    private final Sandbox sandbox;
    private final Map<String, URI> uriTargets;
    private final Map<String, URI> uriTemps;

    private DeclaredFiles(Map<String, Path> targets, Map<String, Path> temps, Sandbox sandbox,
            Map<String, URI> uriTargets, Map<String, URI> uriTemps) {
        this.targets = targets;
        this.temps = temps;
        this.sandbox = sandbox;
        this.uriTargets = uriTargets;
        this.uriTemps = uriTemps;
    }

    /**
     * @param resolve      turns a pipeline's path into the absolute file it names
     * @param databaseFile whether an extract's connector declares the very file the step names by
     *                     path as a database file ({@link io.osiris.api.connector.capability.DatabaseFile})
     */
    static DeclaredFiles of(Pipeline pipeline, UnaryOperator<Path> resolve, boolean dry,
            Predicate<ExtractStep> databaseFile) {
        Instant now = Instant.now();
        String runTag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Path> targets = targets(pipeline, resolve, now, runTag);
        Map<String, URI> uriTargets = uriTargets(pipeline, now, runTag);
        if (dry) {
            return new DeclaredFiles(targets, Map.of(), Sandbox.none(), uriTargets, Map.of());
        }
        Sandbox sandbox = Sandbox.none();
        for (ExtractStep e : pipeline.extracts()) {
            if (e.hasPath() && databaseFile.test(e)) {
                sandbox = sandbox.withDatabaseFile(resolve.apply(Path.of(e.path())));
            }
        }
        Map<String, Path> temps = new LinkedHashMap<>();
        Map<String, URI> uriTemps = new LinkedHashMap<>();
        uriTargets.forEach((id, uri) -> uriTemps.put(id, FileUris.sibling(uri, "." + uri.getPath()
                .substring(uri.getPath().lastIndexOf('/') + 1) + ".osiris-" + UUID.randomUUID() + ".tmp")));
        for (LoadStep l : pipeline.loads()) {
            if (l.target().isFile() && !uriTargets.containsKey(l.id())) {
                Path file = targets.get(l.id());
                Path temp = file.resolveSibling("." + file.getFileName() + ".osiris-" + UUID.randomUUID() + ".tmp");
                temps.put(l.id(), temp);
                sandbox = sandbox.with(temp);
            }
        }
        return new DeclaredFiles(targets, Map.copyOf(temps), sandbox, uriTargets, Map.copyOf(uriTemps));
    }

    /**
     * The URI each file load whose path is a URI writes: the path, or with mode append this run's
     * part. Such a load is none of the engine's local files: the engine writes it through its file
     * system ({@link io.osiris.core.engine.FileSystemUris}).
     */
    private static Map<String, URI> uriTargets(Pipeline pipeline, Instant now, String runTag) {
        Map<String, URI> targets = new LinkedHashMap<>();
        for (LoadStep l : pipeline.loads()) {
            if (l.target().isFile() && FileUris.isUri(l.path())) {
                // The write policy refused a malformed URI before the run; a pipeline is checked by it first.
                URI file = FileUris.parse(l.path()).orElseThrow(() -> new ValidationException(List.of(new Problem("",
                        "load[" + pipeline.loads().indexOf(l) + "].path", 0, "'" + l.path()
                        + "' is not a file system URI"))));
                targets.put(l.id(), l.mode() == WriteMode.APPEND ? FileUris.part(l, file, now, runTag) : file);
            }
        }
        return Map.copyOf(targets);
    }

    /** Whether a file load writes a file system URI rather than a local path. */
    boolean writesUri(LoadStep load) {
        return uriTargets.containsKey(load.id());
    }

    /** The URI a file load writes when the run commits. */
    URI uriTarget(LoadStep load) {
        return declared(uriTargets, load);
    }

    /** The temporary URI, beside the target in its file system, that a file load is written to. */
    URI uriTemp(LoadStep load) {
        return declared(uriTemps, load);
    }

    /** Where a file load writes, as a report shows it. */
    String shown(LoadStep load) {
        return writesUri(load) ? uriTarget(load).toString() : target(load).toString();
    }

    private static URI declared(Map<String, URI> uris, LoadStep load) {
        URI uri = uris.get(load.id());
        if (uri == null) {
            throw new IllegalStateException("load " + load.id() + " declared no URI");
        }
        return uri;
    }

    /**
     * The file each file load writes: its path, replaced when the run commits; with mode append, a
     * new part of this run ({@link FileParts}), so earlier parts stay as they are.
     */
    private static Map<String, Path> targets(Pipeline pipeline, UnaryOperator<Path> resolve, Instant now,
            String runTag) {
        Map<String, Path> targets = new LinkedHashMap<>();
        for (LoadStep l : pipeline.loads()) {
            if (l.target().isFile() && !FileUris.isUri(l.path())) {
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
