package io.osiris.core.engine;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The files an engine may open besides its own temporary directory: what a pipeline declares
 * it reads (a DuckDB database file) and the temporary files its file loads are written to,
 * each an exact path. Everything else on the machine, and the network, stays closed to the SQL
 * the engine runs, whoever wrote it.
 *
 * @param files exact paths (made absolute and normalised; a file may appear once)
 */
public record Sandbox(List<Path> files) {
    public Sandbox {
        Objects.requireNonNull(files, "files");
        LinkedHashSet<Path> exact = new LinkedHashSet<>();
        files.forEach(f -> exact.add(f.toAbsolutePath().normalize()));
        files = List.copyOf(exact);
    }

    /** Nothing beyond the engine's own temporary directory. */
    public static Sandbox none() {
        return new Sandbox(List.of());
    }

    /** This sandbox and a database file, with the write-ahead log an engine such as DuckDB opens beside it. */
    public Sandbox withDatabaseFile(Path file) {
        Path exact = file.toAbsolutePath().normalize();
        List<Path> more = new java.util.ArrayList<>(files);
        more.add(exact);
        more.add(exact.resolveSibling(exact.getFileName() + ".wal"));
        return new Sandbox(more);
    }

    /** This sandbox and one more file. */
    public Sandbox with(Path file) {
        List<Path> more = new java.util.ArrayList<>(files);
        more.add(file);
        return new Sandbox(more);
    }
}
