package io.osiris.test;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.ConnectorProvider;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.pipeline.Pipelines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import java.util.List;
import java.util.Map;

/**
 * Runs a host's pipelines in a test, with no server and no {@code .osiris.yaml}: each connection
 * a pipeline names is replaced by tables the test gives, the pipeline is parsed, validated and
 * run by {@link Osiris} on the real DuckDB engine, and its outputs come back as {@link Rows}.
 *
 * <pre>{@code
 * @OsirisPipelineTest
 * class TopMoviesTest {
 *     @Test
 *     void keepsOnlyHighRatings(PipelineHarness osiris) {
 *         PipelineOutputs out = osiris.pipeline(Path.of("src/main/resources/pipelines/top_movies.yaml"))
 *                 .source("mysql", "default", db -> db.csv("movies", """
 *                         movie_id,title,rating
 *                         1,Alien,8.5
 *                         2,Cats,2.8
 *                         """))
 *                 .run();
 *         assertThat(out.rows("output/top_movies.csv").column("title")).containsExactly("Alien");
 *     }
 * }
 * }</pre>
 *
 * <p>Relative paths in a pipeline (the files its loads write, DuckDB files) resolve against
 * {@link #directory()}, never against the host's project. The tables of a replaced connection
 * stay for the harness's life, so a second run sees what the first one loaded.
 */
public final class PipelineHarness implements AutoCloseable {
    private final Path directory;
    private final boolean owned;
    private final List<ConnectorProvider> classPath;
    private final Map<Path, Connection> kept = new HashMap<>();

    private PipelineHarness(Path directory, boolean owned, List<ConnectorProvider> classPath) {
        this.directory = directory.toAbsolutePath().normalize();
        this.owned = owned;
        this.classPath = classPath;
    }

    /**
     * A harness that runs pipelines in {@code directory} (a JUnit {@code @TempDir}, say) and leaves
     * it in place on {@link #close()}: for tests that do not use {@link OsirisExtension}.
     */
    public static PipelineHarness in(Path directory) {
        try {
            return new PipelineHarness(Files.createDirectories(requireNonNull(directory, "directory")), false,
                    StandIns.classPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /** A harness in a new temporary directory, deleted on close: what the extension hands a test. */
    static PipelineHarness temporary(List<ConnectorProvider> classPath) {
        try {
            return new PipelineHarness(Files.createTempDirectory("osiris-test-"), true, classPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the pipeline run", e);
        }
    }

    /** Where runs happen: pipelines' relative paths resolve here. */
    public Path directory() {
        return directory;
    }

    /**
     * A pipeline file to run, read as {@code osiris run} reads it (UTF-8, at most 1 MiB); a relative
     * path resolves against the process's working directory (the project, under Maven or Gradle).
     */
    public PipelineUnderTest pipeline(Path file) {
        Path resolved = requireNonNull(file, "file").toAbsolutePath().normalize();
        return new PipelineUnderTest(this, Pipelines.readText(resolved), file.toString());
    }

    /** Pipeline YAML given as text, such as a text block in the test. */
    public PipelineUnderTest pipelineYaml(String yaml) {
        return new PipelineUnderTest(this, requireNonNull(yaml, "yaml"), "pipeline");
    }

    /** Closes the stand-in databases, and deletes the directory if the harness made it. */
    @Override
    public void close() {
        SQLException failed = null;
        for (Connection c : kept.values()) {
            try {
                c.close();
            } catch (SQLException e) {
                failed = e;
            }
        }
        kept.clear();
        if (owned) {
            Directories.delete(directory);
        }
        if (failed != null) {
            throw new IllegalStateException("cannot close a stand-in database: " + failed.getMessage(), failed);
        }
    }

    /**
     * Holds a DuckDB file's database open while the harness lives. DuckDB closes a file's
     * database when its last connection closes, with a checkpoint and a sync; the connectors open
     * and close a connection per operation, so without this each of them would pay for that.
     */
    void keepOpen(Path file) {
        if (kept.containsKey(file)) {
            return;
        }
        Properties settings = new Properties();
        settings.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true"); // as the duckdb connector opens it
        try {
            Files.createDirectories(file.getParent());
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, settings);
            kept.put(file, c);
            try (Statement s = c.createStatement()) {
                // The file is thrown away with the test: closing it need not write a checkpoint first.
                s.execute("PRAGMA disable_checkpoint_on_shutdown");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the stand-in database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The DuckDB file standing in for a connection. */
    Path standInFile(String type, String connection) {
        return directory.resolve(".osiris-test").resolve("connections").resolve(safe(type))
                .resolve(safe(connection) + ".duckdb");
    }

    /** A stand-in registry for this run's given types. */
    ConnectorRegistry registry(java.util.Set<String> givenTypes) {
        return StandIns.registry(classPath, givenTypes);
    }

    /** An Osiris over a config built in code, the stand-ins and this directory. */
    Osiris osiris(OsirisConfig config, ConnectorRegistry registry) {
        Path temp = directory.resolve(".osiris-test").resolve("tmp");
        try {
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + temp, e);
        }
        // A test's runs are not the project's history: no state file in the test's directory.
        return Osiris.configure().workingDirectory(directory).config(config).registry(registry)
                .environment(Map.of()).tempDirectory(temp).keepRuns(0).load();
    }

    Path tempDirectory() {
        return directory.resolve(".osiris-test").resolve("tmp");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
