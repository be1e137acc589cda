package io.osiris.core.write;

import static java.util.Objects.requireNonNull;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.engine.EngineSettings;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.state.StateDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a pipeline may write files. A file load (csv, parquet, json, a duckdb file) must land
 * inside the project (the config file's directory, or the working directory without one) or
 * inside a directory that {@code output.allow_outside} names; paths are compared after
 * {@code ..} is folded and symbolic links of existing directories are followed, so neither
 * {@code ../x} nor a link out of {@code output/} escapes. A load may not write the pipeline's
 * own file, the config, its {@code .env}, the state directory ({@code .osiris/}) or a file the
 * pipeline reads, and no two loads may write the same file or table. A path that is a file system
 * URI ({@code hdfs://nn/out/x.parquet}) is never resolved as a local path: it is written only on an
 * engine other than the embedded DuckDB, under a URI prefix {@code output.allow_outside} names.
 *
 * <p>Immutable; the runner checks every pipeline against it before anything runs, and the
 * commands that know the pipeline's file check that too.
 */
public final class WritePolicy {
    private final Path workingDirectory;
    private final Path project;
    private final List<Path> allowed;
    private final List<Path> protectedFiles;
    private final Path stateDirectory;
    private final List<URI> allowedUris;
    private final String engine;

    private WritePolicy(Path workingDirectory, Path project, List<Path> allowed, List<Path> protectedFiles,
            List<URI> allowedUris, String engine) {
        this.allowedUris = allowedUris;
        this.engine = engine;
        this.workingDirectory = workingDirectory;
        this.project = project;
        this.allowed = allowed;
        this.protectedFiles = protectedFiles;
        this.stateDirectory = real(project.resolve(StateDatabase.DIRECTORY));
    }

    /** The policy of a config, for pipelines whose relative paths resolve against {@code workingDirectory}. */
    public static WritePolicy of(OsirisConfig config, Path workingDirectory) {
        requireNonNull(config, "config");
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        Path project = config.projectDirectory(cwd);
        List<Path> allowed = new ArrayList<>();
        allowed.add(real(project));
        allowed.add(real(config.outputDirectory())); // the person's own choice in .osiris.yaml
        config.allowedOutside().forEach(dir -> allowed.add(real(dir)));
        List<Path> protectedFiles = new ArrayList<>();
        config.file().ifPresent(f -> {
            protectedFiles.add(real(f.toAbsolutePath()));
            protectedFiles.add(real(f.toAbsolutePath().getParent().resolve(".env")));
        });
        protectedFiles.add(real(project.resolve(".osiris.yaml")));
        protectedFiles.add(real(project.resolve(".env")));
        return new WritePolicy(cwd, project, List.copyOf(allowed), List.copyOf(protectedFiles), config.allowedUris(),
                config.engine().type());
    }

    /** The directory file loads stay inside unless the config allows another. */
    public Path project() {
        return project;
    }

    /**
     * Every problem of a pipeline's targets, each naming its load step.
     *
     * @param pipeline     the pipeline
     * @param source       the pipeline's name in problems (its file), may be empty
     * @param pipelineFile the pipeline's own file, when it has one
     */
    public List<Problem> problems(Pipeline pipeline, String source, Optional<Path> pipelineFile) {
        requireNonNull(pipeline, "pipeline");
        List<Problem> problems = new ArrayList<>();
        Optional<Path> own = pipelineFile.map(f -> real(workingDirectory.resolve(f)));
        Map<Path, String> readFiles = new HashMap<>();
        for (ExtractStep e : pipeline.extracts()) {
            if (e.hasPath()) {
                resolve(e.path()).ifPresent(p -> readFiles.put(p, e.id()));
            }
        }
        Map<Path, LoadStep> files = new HashMap<>(); // file -> the first load writing it
        Map<String, String> tables = new HashMap<>(); // table target -> the first load's id
        Map<URI, String> uris = new HashMap<>(); // URI -> the first load's id
        List<LoadStep> loads = pipeline.loads();
        for (int i = 0; i < loads.size(); i++) {
            LoadStep load = loads.get(i);
            String where = "load[" + i + "]";
            boolean duckdb = load.target() == LoadTarget.DUCKDB;
            if ((load.target().isFile() || duckdb) && FileUris.isUri(load.path())) {
                // Never resolved as a local path: a URI is written by the engine, or refused here.
                String m = uriProblem(load, uris);
                if (!m.isEmpty()) {
                    problems.add(new Problem(source, where + ".path", 0, m));
                }
                continue;
            }
            if (load.target().isFile() || duckdb && !load.path().isEmpty()) {
                Optional<Path> file = resolve(load.path());
                if (file.isEmpty()) {
                    problems.add(new Problem(source, where + ".path", 0, "'" + load.path() + "' is not a valid path"));
                    continue;
                }
                Path path = file.get();
                fileProblem(load, path, own, readFiles).ifPresent(m -> problems.add(
                        new Problem(source, where + ".path", 0, m)));
                // A file is one target whatever its format; only a DuckDB file holds several tables.
                LoadStep first = files.putIfAbsent(path, load);
                if (first != null && !(duckdb && first.target() == LoadTarget.DUCKDB)) {
                    problems.add(new Problem(source, where + ".path", 0, "load " + load.id() + " writes "
                            + shown(path) + ", which load " + first.id() + " writes too; only the last would be kept."
                            + " Give each load its own file."));
                    continue;
                }
            }
            if (duckdb || !load.target().isFile()) {
                String table = (duckdb ? "duckdb:" + resolve(load.path()).map(Path::toString).orElse(load.path())
                        : load.to() + "." + load.connection()) + "#" + load.table().toLowerCase(Locale.ROOT);
                String first = tables.putIfAbsent(table, load.id());
                if (first != null) {
                    problems.add(new Problem(source, where + ".table", 0, "load " + load.id() + " writes table "
                            + load.table() + ", which load " + first + " writes too. Write each table from one load"
                            + " (combine the rows in a transform)."));
                }
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Checks a pipeline's targets.
     *
     * @throws ValidationException with every problem
     */
    public void check(Pipeline pipeline, String source, Optional<Path> pipelineFile) {
        List<Problem> problems = problems(pipeline, source, pipelineFile);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** What is wrong with a load whose path is a URI, or empty; {@code uris} collects the URIs loads write. */
    private String uriProblem(LoadStep load, Map<URI, String> uris) {
        if (load.target() == LoadTarget.DUCKDB) {
            return "'" + load.path() + "' is a URI; a duckdb load writes a local database file: name a path";
        }
        Optional<URI> parsed = FileUris.parse(load.path());
        if (parsed.isEmpty()) {
            return "'" + load.path() + "' is not a file system URI this load can write: write"
                    + " scheme://authority/absolute/path/file (hdfs://namenode/out/x.parquet, file:///data/x.csv)";
        }
        URI uri = parsed.get();
        if (engine.equals(EngineSettings.DUCKDB)) {
            return "load " + load.id() + " writes '" + uri + "', a Hadoop file system URI; the embedded duckdb engine"
                    + " writes local paths only. Writing a URI needs engine: {type: spark} in .osiris.yaml.";
        }
        if (allowedUris.stream().noneMatch(prefix -> FileUris.within(uri, prefix))) {
            return "'" + uri + "' is outside the project (" + project + "): a URI is written only under a URI prefix"
                    + " (same scheme and authority) that the config's output.allow_outside names, such as "
                    + FileUris.sibling(uri, "").toString() + ".";
        }
        String first = uris.putIfAbsent(uri, load.id());
        if (first != null) {
            return "load " + load.id() + " writes " + uri + ", which load " + first + " writes too; only the last"
                    + " would be kept. Give each load its own file.";
        }
        return "";
    }

    private Optional<String> fileProblem(LoadStep load, Path path, Optional<Path> own, Map<Path, String> readFiles) {
        if (allowed.stream().noneMatch(path::startsWith)) {
            return Optional.of("'" + load.path() + "' is outside the project (" + project + "): file loads stay"
                    + " inside it. Write under the project, or name the directory in the config's"
                    + " output.allow_outside.");
        }
        if (own.isPresent() && own.get().equals(path)) {
            return Optional.of("'" + load.path() + "' is this pipeline's own file; a load may not overwrite it");
        }
        if (isPipelineFile(path)) {
            return Optional.of("'" + load.path() + "' is a pipeline file (it starts with " + PipelineParser.MAGIC
                    + "); a load may not overwrite a pipeline");
        }
        if (protectedFiles.contains(path)) {
            return Optional.of("'" + load.path() + "' is Osiris's configuration; a load may not overwrite it");
        }
        if (path.startsWith(stateDirectory)) {
            return Optional.of("'" + load.path() + "' is inside " + StateDatabase.DIRECTORY
                    + "/, where Osiris keeps its state; write elsewhere (output/ by default)");
        }
        String reader = readFiles.get(path);
        if (reader != null && load.target() != LoadTarget.DUCKDB) {
            return Optional.of("'" + load.path() + "' is the file extract " + reader + " reads; a load may not"
                    + " overwrite its own input");
        }
        boolean parts = load.target().isFile() && load.mode() == WriteMode.APPEND;
        if (parts && Files.isRegularFile(FileParts.directory(path))) {
            return Optional.of("'" + load.path() + "' appends its parts to the directory " + FileParts.directory(path)
                    + ", which is a file; move it away or name another path");
        }
        if (!parts && Files.isDirectory(path)) {
            return Optional.of("'" + load.path() + "' is a directory; name a file");
        }
        return Optional.empty();
    }

    private static boolean isPipelineFile(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        byte[] magic = PipelineParser.MAGIC.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            return false; // unreadable here: the write itself will say why
        }
    }

    private Optional<Path> resolve(String path) {
        try {
            return Optional.of(real(workingDirectory.resolve(path)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private String shown(Path path) {
        return path.startsWith(workingDirectory) ? workingDirectory.relativize(path).toString() : path.toString();
    }

    /**
     * The path with {@code ..} folded and the links of its longest existing ancestor followed:
     * the place a write would really land, even for a file that does not exist yet.
     */
    static Path real(Path path) {
        return real(path, 0);
    }

    private static Path real(Path path, int links) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        Path rest = existing.relativize(absolute);
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            // A dangling link: a write through it would create its target, wherever that is.
            if (links < 40 && Files.isSymbolicLink(existing)) {
                try {
                    Path target = existing.resolveSibling(Files.readSymbolicLink(existing));
                    return real(target.resolve(rest), links + 1);
                } catch (IOException unreadable) {
                    return absolute;
                }
            }
            return absolute;
        }
    }
}
