package io.osiris.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The example pipelines shipped with Osiris, as YAML text. */
public final class ExamplePipelines {
    /** Where the demo keeps its movies database, relative to the working directory. */
    public static final String DEMO_DATABASE = ".osiris/demo/movies.duckdb";

    /** The main job: "Export movies rated above 8.0 to CSV" on the movies database. */
    public static final String TOP_RATED_MOVIES = "top_rated_movies";

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
