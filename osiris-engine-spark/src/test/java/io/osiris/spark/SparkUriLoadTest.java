package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File loads whose path is a Hadoop file system URI ({@code file:///...} here, the same code path
 * as {@code hdfs://} and {@code s3a://}), written by Spark {@code local[2]} through Hadoop's
 * FileSystem, only under a URI prefix {@code output.allow_outside} names, and all or nothing.
 */
class SparkUriLoadTest {
    private static final String SCI_FI = "SELECT m.movie_id, m.title, m.release_year, d.name AS director,"
            + " m.box_office_musd FROM movies m JOIN directors d ON d.director_id = m.director_id"
            + " WHERE m.genre = 'Sci-Fi'";

    @TempDir
    Path project;
    @TempDir
    Path remote;

    @BeforeEach
    void movies() {
        MoviesDatabase.createDuckDb(project.resolve(ExamplePipelines.DEMO_DATABASE));
    }

    /** The JSON load reads the extract itself: its rows are staged in Spark, never taken by an into-file path. */
    @Test
    void writesParquetCsvAndJsonToFileUrisWithTheExactRows() throws Exception {
        RunReport report = run(pipeline("""
                  - id: as_parquet
                    from: by_id
                    to: parquet
                    path: %1$s/sci_fi.parquet
                  - id: as_csv
                    from: by_id
                    to: csv
                    path: %1$s/sci_fi.csv
                  - id: as_json
                    from: sci_fi
                    to: json
                    path: %1$s/nested/sci_fi.json
                """.formatted(uri(remote))), URI.create(uri(remote)));
        List<String> expected = rows(project.resolve(ExamplePipelines.DEMO_DATABASE),
                "SELECT movie_id, title, release_year, director, CAST(box_office_musd AS DOUBLE) FROM (" + SCI_FI
                        + ") ORDER BY movie_id");
        String columns = "SELECT movie_id, title, release_year, director, CAST(box_office_musd AS DOUBLE) FROM ";
        String order = " ORDER BY movie_id";
        assertThat(expected).hasSize(9);
        assertThat(rows(null, columns + "read_parquet('" + remote.resolve("sci_fi.parquet") + "')" + order))
                .containsExactlyElementsOf(expected);
        assertThat(rows(null, columns + "read_csv('" + remote.resolve("sci_fi.csv") + "')" + order))
                .containsExactlyElementsOf(expected);
        assertThat(rows(null, columns + "read_json('" + remote.resolve("nested/sci_fi.json") + "')" + order))
                .containsExactlyElementsOf(expected);
        assertThat(report.steps()).filteredOn(s -> s.kind().equals("load"))
                .extracting(s -> s.id() + "=" + s.rows() + " " + s.route() + " " + s.target())
                .containsExactly("as_parquet=9 uri-export " + uri(remote) + "/sci_fi.parquet",
                        "as_csv=9 uri-export " + uri(remote) + "/sci_fi.csv",
                        "as_json=9 uri-export " + uri(remote) + "/nested/sci_fi.json");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void appendAddsANewPartFilePerRun() throws Exception {
        Pipeline pipeline = pipeline("""
                  - id: parts
                    from: by_id
                    to: csv
                    mode: append
                    path: %s/sci_fi.csv
                """.formatted(uri(remote)));
        run(pipeline, URI.create(uri(remote)));
        run(pipeline, URI.create(uri(remote)));
        List<Path> parts;
        try (Stream<Path> files = Files.list(remote.resolve("sci_fi"))) {
            parts = files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("part-"));
        assertThat(rows(null, "SELECT count(*), count(DISTINCT movie_id) FROM read_csv('"
                + remote.resolve("sci_fi") + "/*.csv')")).containsExactly("18|9");
        assertThat(Files.exists(remote.resolve("sci_fi.csv"))).isFalse();
    }

    @Test
    void aUriNotAllowedIsRefusedBeforeAnythingRunsAndNothingIsWritten() {
        Pipeline pipeline = pipeline("""
                  - id: outside
                    from: by_id
                    to: parquet
                    path: %s/allowedness/sci_fi.parquet
                """.formatted(uri(remote)));
        // A prefix on a '/' boundary: ".../allowed" does not allow ".../allowedness/...".
        assertThatThrownBy(() -> run(pipeline, URI.create(uri(remote) + "/allowed")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("load[0].path")
                .hasMessageContaining("is outside the project")
                .hasMessageContaining("output.allow_outside");
        assertThat(remote).isEmptyDirectory();
        assertThat(project.resolve("file:")).doesNotExist();
    }

    @Test
    void aFailingRunLeavesTheEarlierFileAndNoTemporaryFileAtTheUri() throws Exception {
        Files.writeString(remote.resolve("sci_fi.csv"), "earlier\n");
        // The second load fails when it runs, after the first wrote its temporary file at the URI.
        Files.createDirectories(project.resolve("output"));
        Files.writeString(project.resolve("output/blocker"), "a file where a directory must be");
        Pipeline pipeline = pipeline("""
                  - id: first
                    from: by_id
                    to: csv
                    path: %s/sci_fi.csv
                  - id: second
                    from: by_id
                    to: csv
                    path: output/blocker/sci_fi.csv
                """.formatted(uri(remote)));
        assertThatThrownBy(() -> run(pipeline, URI.create(uri(remote))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("second");
        assertThat(Files.readString(remote.resolve("sci_fi.csv"))).isEqualTo("earlier\n");
        try (Stream<Path> files = Files.list(remote)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("sci_fi.csv");
        }
    }

    /** Whatever is in the remote directory besides the three targets (temporary files, Spark's directories). */
    private List<String> leftovers() throws IOException {
        List<String> left = new ArrayList<>();
        try (Stream<Path> files = Files.walk(remote)) {
            files.filter(Files::isRegularFile).map(f -> remote.relativize(f).toString())
                    .filter(name -> !name.equals("sci_fi.parquet") && !name.equals("sci_fi.csv")
                            && !name.equals("nested/sci_fi.json") && !name.endsWith(".crc"))
                    .forEach(left::add);
        }
        return left;
    }

    private static String uri(Path dir) {
        String u = dir.toUri().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static Pipeline pipeline(String loads) {
        String yaml = """
                # osiris-pipeline-v2
                name: sci_fi_to_uris
                version: 1.0
                extract:
                  - id: sci_fi
                    source: duckdb
                    path: %s
                    query: %s
                transform:
                  - id: by_id
                    sql: SELECT * FROM sci_fi ORDER BY movie_id
                load:
                """.formatted(ExamplePipelines.DEMO_DATABASE, "\"" + SCI_FI + "\"") + loads;
        return Pipelines.parser().parse(yaml, "sci_fi_to_uris.yaml");
    }

    private RunReport run(Pipeline pipeline, URI allowed) {
        OsirisConfig config = OsirisConfig.builder().projectDirectory(project).engine(SparkTests.LOCAL)
                .allowOutside(allowed).build();
        try (PipelineRunner runner = PipelineRunner.builder().workingDirectory(project)
                .tempDirectory(project.resolve("tmp")).config(config).build()) {
            return runner.run(pipeline);
        }
    }

    private static List<String> rows(Path database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + (database == null ? "" : database));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
