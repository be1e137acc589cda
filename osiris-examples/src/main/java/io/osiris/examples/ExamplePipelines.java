package io.osiris.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The example pipelines shipped with Osiris, as YAML text. */
public final class ExamplePipelines {
    /** Where the demo keeps its movies database, relative to the working directory. */
    public static final String DEMO_DATABASE = ".osiris/demo/movies.duckdb";

    /** The main job: "Export movies rated above 8.0 to CSV" on the movies database. */
    public static final String TOP_RATED_MOVIES = "top_rated_movies";

    /** Every example pipeline, one per load target and write mode; each name is also its file name. */
    public static final List<String> ALL = List.of(
            TOP_RATED_MOVIES,
            "directors_to_csv",
            "sci_fi_movies_to_parquet",
            "parasite_reviews_to_json",
            "movie_ratings_duckdb_append",
            "movie_ratings_duckdb_replace",
            "movie_ratings_duckdb_upsert",
            "movie_ratings_mysql_append",
            "movie_ratings_mysql_replace",
            "movie_ratings_mysql_upsert",
            "movie_ratings_supabase_append",
            "movie_ratings_supabase_replace",
            "movie_ratings_supabase_upsert");

    private ExamplePipelines() {
    }

    /** The YAML of an example pipeline by name. */
    public static String yaml(String name) {
        String resource = "pipelines/" + name + ".yaml";
        try (InputStream in = ExamplePipelines.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no example pipeline named " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
