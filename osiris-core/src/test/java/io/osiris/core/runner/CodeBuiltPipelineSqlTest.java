package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline a host builds in code never went through the parser, so the runner checks its SQL itself. */
class CodeBuiltPipelineSqlTest {
    @TempDir
    Path dir;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien'), (2, 'Heat')) AS t(movie_id, title)");
        }
    }

    private Pipeline pipeline(Extraction extraction) {
        ExtractStep step = new ExtractStep("src", "duckdb", "default", "movies.duckdb", extraction);
        LoadStep load = new LoadStep("out", "src", "csv", "default", "output/out.csv", "", WriteMode.APPEND, List.of());
        return new Pipeline("p", "1", "", List.of(step), List.of(), List.of(load));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM movies", "SELECT 1; DELETE FROM movies", "SELECT * FROM read_text('x')",
            "SELECT /*+ SET_VAR(x=1) */ 1", "SELECT getenv('HOME')"})
    void aRefusedQueryFailsBeforeAnythingRuns(String sql) throws Exception {
        try (PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).build()) {
            assertThatThrownBy(() -> runner.run(pipeline(new Extraction.Query(sql))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("extract[0].query: refused SQL");
        }
        assertThat(dir.resolve("output")).doesNotExist();
        assertThat(count()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1=1 UNION SELECT 1, 'x'", "movie_id > 0 -- ", "movie_id > 0) OR (1=1"})
    void aRefusedTableFilterFailsBeforeAnythingRuns(String where) throws Exception {
        try (PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).build()) {
            assertThatThrownBy(() -> runner.dryRun(pipeline(new Extraction.Table("movies", List.of(), where, 0))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("extract[0].where: refused filter");
        }
    }

    private long count() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM movies")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
