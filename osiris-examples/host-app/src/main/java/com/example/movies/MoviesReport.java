package com.example.movies;

import io.osiris.core.Osiris;
import io.osiris.core.runner.RunReport;
import java.nio.file.Path;

/** The app's job: runs the pipeline it ships against the database its .osiris.yaml names. */
public final class MoviesReport {
    /** The pipeline the app ships, relative to its working directory. */
    public static final Path PIPELINE = Path.of("pipelines/top_movies.yaml");

    private MoviesReport() {
    }

    /** Runs the report in {@code directory} (its .osiris.yaml says where MySQL is). */
    public static RunReport run(Path directory) {
        try (Osiris osiris = Osiris.configure().workingDirectory(directory).load()) {
            return osiris.run(osiris.validate(PIPELINE));
        }
    }

    public static void main(String[] args) {
        RunReport report = run(Path.of("."));
        System.out.println("top movies: " + report.step("save").rows() + " rows");
    }
}
