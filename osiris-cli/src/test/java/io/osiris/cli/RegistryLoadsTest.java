package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command is a thin client of one {@code Osiris}: it loads the connector types once,
 * whatever it parses, discovers, previews, runs or masks. {@link CountingConnectorProvider}
 * counts the loads.
 */
class RegistryLoadsTest {
    @TempDir
    Path dir;

    @TempDir
    Path noPlugins;

    @BeforeEach
    void project() throws Exception {
        // An empty plugin folder: a plugin jar would make the class path's providers load twice per registry.
        System.setProperty("osiris.plugins.dir", noPlugins.toString());
        Path movies = dir.resolve("movies.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + movies); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), "
                    + "(3, 'Brazil', 6.0)) AS t(movie_id, title, rating)");
        }
        Files.writeString(dir.resolve(".osiris.yaml"), """
                version: 1
                connections:
                  duckdb:
                    movies:
                      path: %s
                """.formatted(movies));
        Files.writeString(dir.resolve("top.yaml"), """
                # osiris-pipeline-v2
                name: top_movies
                extract:
                  - id: movies
                    source: duckdb
                    connection: movies
                    query: SELECT * FROM movies
                transform:
                  - id: top
                    sql: SELECT title FROM movies WHERE rating > 8 ORDER BY rating DESC
                load:
                  - id: csv
                    to: csv
                    path: %s
                """.formatted(dir.resolve("out/top.csv")));
    }

    @AfterEach
    void restore() {
        System.clearProperty("osiris.plugins.dir");
    }

    private OsirisCliTest.Result counted(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--config", dir.resolve(".osiris.yaml").toString()));
        all.addAll(args);
        CountingConnectorProvider.INSTANCES.set(0);
        return OsirisCliTest.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run TOP", "run TOP --dry-run", "validate TOP", "validate", "discover",
            "discover movies --source duckdb.movies", "generate --sql SELECT_TITLE --dry-run",
            "generate --template top_n --params table=movies order_by=rating n=2 --skip-clarification",
            "chat --sql SELECT_TITLE --yes --dir DIR", "demo --dir DIR"})
    void aCommandLoadsTheConnectorTypesOnce(String command) {
        List<String> args = new ArrayList<>();
        for (String word : command.split(" ")) {
            args.add(switch (word) {
                case "TOP" -> dir.resolve("top.yaml").toString();
                case "DIR" -> dir.toString();
                case "SELECT_TITLE" -> "SELECT title FROM movies";
                default -> word;
            });
        }
        OsirisCliTest.Result r = counted(args);

        assertThat(r.exitCode()).as("%s%n%s", r.out(), r.err()).isZero();
        assertThat(CountingConnectorProvider.INSTANCES).as("registry loads of: osiris %s", command).hasValue(1);
    }

    @Test
    void approvingAProposalLoadsThemOnceAndListingSessionsNotAtAll() {
        OsirisCliTest.Result proposed = counted(List.of("chat", "--sql", "SELECT title FROM movies", "--dir",
                dir.toString()));
        assertThat(proposed.exitCode()).as(proposed.err()).isZero();
        assertThat(CountingConnectorProvider.INSTANCES).hasValue(1);
        Matcher id = ChatCommandTest.SESSION.matcher(proposed.err());
        assertThat(id.find()).isTrue();

        OsirisCliTest.Result approved = counted(List.of("chat", "--dir", dir.toString(), "approve", "--session",
                id.group(1), "--yes"));
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(CountingConnectorProvider.INSTANCES).hasValue(1);

        OsirisCliTest.Result listed = counted(List.of("sessions", "--dir", dir.toString()));
        assertThat(listed.out()).contains(id.group(1));
        assertThat(CountingConnectorProvider.INSTANCES).hasValue(0);
    }
}
