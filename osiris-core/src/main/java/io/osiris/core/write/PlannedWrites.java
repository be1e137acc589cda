package io.osiris.core.write;

import static java.util.Objects.requireNonNull;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Every write a pipeline would make, looked up on the live targets: whether each file or table
 * exists, how much it holds, and whether it sits on a connection the pipeline reads from. What
 * a person sees before approving, so that "replace reviews" says it empties reviews.
 */
public final class PlannedWrites {
    private final ConnectorRegistry registry;
    private final OsirisConfig config;
    private final Path workingDirectory;

    /** Looks targets up through these connectors and connections. */
    public PlannedWrites(ConnectorRegistry registry, OsirisConfig config, Path workingDirectory) {
        this.registry = requireNonNull(registry, "registry");
        this.config = requireNonNull(config, "config");
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The writes of a pipeline, in load order. Never throws for an unreachable target: its note says why. */
    public List<PlannedWrite> of(Pipeline pipeline) {
        List<PlannedWrite> writes = new ArrayList<>();
        for (LoadStep load : pipeline.loads()) {
            writes.add(load.target().isFile() ? file(load, pipeline) : table(load, pipeline));
        }
        return List.copyOf(writes);
    }

    /** The lines of a writes block, headed so it stands out. */
    public static List<String> render(List<PlannedWrite> writes) {
        List<String> lines = new ArrayList<>();
        long destroying = writes.stream().filter(w -> w.destroys() || w.sourceConnection()).count();
        lines.add("WRITES (" + writes.size() + (destroying > 0 ? ", " + destroying + " marked ! change data that is"
                + " there now" : "") + "):");
        writes.forEach(w -> lines.add("  " + w.describe()));
        return List.copyOf(lines);
    }

    private PlannedWrite file(LoadStep load, Pipeline pipeline) {
        if (FileUris.isUri(load.path())) {
            // Looked up by the engine's file system only when it runs; core reaches no remote file system.
            boolean parts = load.mode() == WriteMode.APPEND;
            String shown = FileUris.parse(load.path()).map(u -> (parts ? FileUris.partsDirectory(u) : u).toString())
                    .orElse(load.path());
            return new PlannedWrite(load.id(), load.to() + " " + shown, parts ? "append part" : "write", false, -1,
                    false, false, parts ? "" : "a file system URI, looked up only when the run writes it");
        }
        Path file = workingDirectory.resolve(load.path()).normalize();
        if (load.mode() == WriteMode.APPEND) {
            Path parts = FileParts.directory(file);
            return new PlannedWrite(load.id(), load.to() + " " + workingDirectory.relativize(parts) + "/", "append part",
                    Files.isDirectory(parts), -1, false, false, "");
        }
        boolean exists = Files.exists(file);
        long bytes = -1;
        try {
            bytes = exists ? Files.size(file) : -1;
        } catch (IOException e) {
            // Shown without a size.
        }
        return new PlannedWrite(load.id(), load.to() + " " + load.path(), "write", exists, bytes, false, false, "");
    }

    private PlannedWrite table(LoadStep load, Pipeline pipeline) {
        boolean duckdb = load.target() == LoadTarget.DUCKDB;
        String where = duckdb ? "duckdb " + load.path() : load.to() + "." + load.connection();
        String target = where + " table " + load.table();
        String mode = load.mode().name().toLowerCase(Locale.ROOT);
        boolean source = pipeline.extracts().stream().anyMatch(e -> sameConnection(e, load));
        boolean reads = pipeline.extracts().stream().anyMatch(e -> sameConnection(e, load) && readsTable(e, load.table()));
        if (duckdb && FileUris.isUri(load.path())) {
            return new PlannedWrite(load.id(), target, mode, false, -1, source, reads, "not a local database file");
        }
        if (duckdb && !Files.exists(workingDirectory.resolve(load.path()))) {
            return new PlannedWrite(load.id(), target, mode, false, -1, source, reads, "");
        }
        try (Connector connector = open(load)) {
            Optional<TableSummary> table = connector.discovery().listTables().stream()
                    .filter(t -> sameName(t.name(), load.table())).findFirst();
            return new PlannedWrite(load.id(), target, mode, table.isPresent(),
                    table.map(TableSummary::rowCountEstimate).orElse(-1L), source, reads, "");
        } catch (OsirisException | IllegalArgumentException e) {
            return new PlannedWrite(load.id(), target, mode, false, -1, source, reads,
                    "could not look: " + firstLine(e.getMessage()));
        }
    }

    private Connector open(LoadStep load) {
        if (load.target() == LoadTarget.DUCKDB) {
            Path file = workingDirectory.resolve(load.path()).normalize();
            return registry.provider("duckdb").open(new ConnectorConfig("duckdb", "", Map.of("path", file.toString())));
        }
        return registry.provider(load.to()).open(config.requireConnection(load.to(), load.connection()));
    }

    private boolean sameConnection(ExtractStep extract, LoadStep load) {
        if (load.target() == LoadTarget.DUCKDB) {
            // A duckdb extract reads a file named in the pipeline or in its connection.
            Optional<String> read = extract.hasPath() ? Optional.of(extract.path())
                    : extract.source().equals("duckdb") ? config.connection("duckdb", extract.connection())
                            .flatMap(c -> c.get("path")) : Optional.empty();
            return read.map(p -> workingDirectory.resolve(p).normalize()
                    .equals(workingDirectory.resolve(load.path()).normalize())).orElse(false);
        }
        return !extract.hasPath() && extract.source().equals(load.to()) && extract.connection().equals(load.connection());
    }

    private static boolean readsTable(ExtractStep extract, String table) {
        if (extract.extraction() instanceof Extraction.Table t) {
            return sameName(t.table(), table);
        }
        try {
            return TablesNamesFinder.findTables(((Extraction.Query) extract.extraction()).sql()).stream()
                    .anyMatch(n -> sameName(n, table));
        } catch (Exception e) {
            // Unparsable here means unknown; the run's own checks refuse such SQL anyway.
            return false;
        }
    }

    private static boolean sameName(String a, String b) {
        return bare(a).equals(bare(b));
    }

    private static String bare(String name) {
        String n = name.replace("`", "").replace("\"", "").toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(dot + 1);
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
