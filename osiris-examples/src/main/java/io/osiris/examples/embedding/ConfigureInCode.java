package io.osiris.examples.embedding;

import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.config.Limits;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.RunReport;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Osiris with no YAML at all: the configuration and the pipeline are built in code, and the
 * pipeline is checked by the same rules as a pipeline file before it runs. A host with its own
 * connection pool passes it with {@code c -> c.dataSource(pool)}; a host with a vault passes the
 * password with {@code c -> c.password(() -> vault.read("db"))}.
 *
 * <pre>
 * ConfigureInCode [WORKING_DIRECTORY]
 * </pre>
 */
public final class ConfigureInCode {

    private ConfigureInCode() {
    }

    /** Creates the demo database under the directory (default: the current one) and runs {@link #pipeline()}. */
    public static void main(String[] args) {
        Path project = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        MoviesDatabase.createDuckDb(project.resolve(ExamplePipelines.DEMO_DATABASE));
        RunReport report = run(project);
        System.out.println(report.pipeline() + ": " + report.steps().size() + " steps; wrote output/top_movies.csv");
        // The same pipeline as a file a person can review, or run later with `osiris run`.
        System.out.print(Pipelines.toYaml(pipeline()));
    }

    /** The configuration: one DuckDB connection to the demo database, and a shorter statement timeout. */
    public static OsirisConfig config(Path project) {
        return OsirisConfig.builder()
                .projectDirectory(project)
                .connection("duckdb", "demo", c -> c.set("path", project.resolve(ExamplePipelines.DEMO_DATABASE).toString())
                        .set("read_only", "true"))
                .limits(Limits.defaults().withStatementTimeout(Duration.ofMinutes(2)))
                .build();
    }

    /** The ten best-rated movies, from the demo database to a CSV file. */
    public static Pipeline pipeline() {
        return Pipeline.builder("top_movies")
                .description("The ten best-rated movies")
                .extract("rated", e -> e.source("duckdb").connection("demo").query("""
                        SELECT m.title, avg(r.rating) AS rating
                        FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
                        GROUP BY m.title"""))
                .transform("ranked", "SELECT title, round(rating, 2) AS rating FROM rated ORDER BY rating DESC, title LIMIT 10")
                .load("save", l -> l.toCsv("output/top_movies.csv"))
                .build();
    }

    /** Runs {@link #pipeline()} with {@link #config(Path)}; relative paths resolve against {@code project}. */
    public static RunReport run(Path project) {
        try (Osiris osiris = Osiris.configure().workingDirectory(project).config(config(project)).load()) {
            return osiris.run(pipeline());
        }
    }
}
