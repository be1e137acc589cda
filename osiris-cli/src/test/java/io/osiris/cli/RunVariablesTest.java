package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osiris run FILE --var NAME=VALUE}: values checked before anything runs, shown, bound, reported. */
class RunVariablesTest {
    @TempDir
    Path dir;

    Path pipeline;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), "
                    + "(3, 'Brazil', 6.0)) AS t(movie_id, title, rating)");
        }
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
        pipeline = dir.resolve("picked.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: picked
                vars:
                  min_rating: 8.0
                  title: ""
                  dir: all
                extract:
                  - id: movies
                    source: duckdb
                    path: %s
                    query: SELECT title FROM movies WHERE rating >= ${min_rating} OR title = ${title}
                load:
                  - id: csv
                    to: csv
                    path: %s/${dir}/picked.csv
                """.formatted(dir.resolve("movies.duckdb"), dir.resolve("out")));
    }

    private OsirisCliTest.Result inProject(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve(".osiris.yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return OsirisCliTest.run(all);
    }

    @Test
    void givenValuesAreShownBoundAndInTheJsonReport() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "min_rating=8.4", "--var", "dir=best",
                "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("variables: min_rating=8.4, title=, dir=best");
        assertThat(Files.readAllLines(dir.resolve("out/best/picked.csv"))).containsExactly("title", "Alien");
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.path("variables").path("min_rating").asText()).isEqualTo("8.4");
        assertThat(report.path("variables").path("dir").asText()).isEqualTo("best");
    }

    @Test
    void aHostileTextValueMatchesNothingInsteadOfEverything() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "min_rating=9",
                "--var", "title=x' OR '1'='1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/all/picked.csv"))).containsExactly("title");
    }

    @Test
    void aValueOfTheWrongTypeStopsTheRunWithExitCode2NamingTheVariableAndType() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "min_rating=abc");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("variable 'min_rating' is a decimal: 'abc' is not a number like 8.5",
                "nothing ran");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anUndeclaredNameIsRefusedWithTheDeclaredOnes() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "min_ratin=1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown variable 'min_ratin' (did you mean 'min_rating'?)",
                "declared variables: dir, min_rating, title");
    }

    @Test
    void aPathValueThatLeavesItsFolderIsRefused() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "dir=..", "--dry-run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("load[0].path", "'..' cannot be part of a path");
    }

    @Test
    void aVarWithoutAnEqualsSignIsAUsageError() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "min_rating");

        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void aDryRunBindsTheValuesToo() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--var", "min_rating=8.4", "--dry-run");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("variables: min_rating=8.4");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void validateReportsAnUndeclaredVariableWithItsLine() throws Exception {
        Files.writeString(pipeline, Files.readString(pipeline).replace("${title}", "${titel}"));

        OsirisCliTest.Result r = inProject("validate", pipeline.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err() + r.out()).contains(":11: extract[0].query: undeclared variable ${titel}",
                "did you mean 'title'?");
    }
}
