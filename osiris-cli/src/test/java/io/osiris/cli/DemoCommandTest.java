package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void theDemoRunsTheMainJobAndShowsTheRows(@TempDir Path dir) throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("demo", "--dir", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("> Export movies rated above 8.0 to CSV")
                .contains("No LLM is configured").contains("Approved on your behalf");
        assertThat(r.out()).contains("# osiris-pipeline-v2").contains("output/top_rated_movies.csv (18 rows):")
                .contains("The Dark Knight").contains("Selma");

        // The run shows its progress (plain lines, not a terminal) once the pipeline is approved.
        assertThat(r.err().substring(r.err().indexOf("Approved on your behalf")))
                .contains("  extract movies ...", "  transform rated_movies ...", "  load save_csv ...");

        List<String> csv = Files.readAllLines(dir.resolve("output/top_rated_movies.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(19);
        assertThat(csv.get(0)).isEqualTo("movie_id,title,release_year,director,avg_rating,reviews");
        assertThat(csv.get(1)).isEqualTo("4,The Dark Knight,2008,Christopher Nolan,8.80,4");
        assertThat(csv).contains("5,Selma,2014,Ava DuVernay,8.02,5");
        assertThat(dir.resolve(".osiris/demo/movies.duckdb")).exists();
    }

    @Test
    void withAModelConfiguredTheModelWritesThePipeline(@TempDir Path dir) throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start()) {
            String yaml = """
                    # osiris-pipeline-v2
                    name: best_movies
                    extract:
                      - id: ratings
                        source: duckdb
                        connection: demo
                        query: |
                          SELECT m.title, AVG(r.rating) AS avg_rating
                          FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
                          GROUP BY m.title HAVING AVG(r.rating) > 8.5
                    transform:
                      - id: ranked
                        sql: SELECT title, CAST(avg_rating AS DECIMAL(4,2)) AS avg_rating FROM ratings ORDER BY avg_rating DESC
                    load:
                      - id: save
                        to: csv
                        path: output/best_movies.csv
                    """;
            WireFormat wire = WireFormat.OPENAI;
            server.enqueue(wire.chatPath(), Reply.json(200, wire.toolCallsReply("model-a", List.of(new ToolCall("p1",
                    "propose_pipeline", new ObjectMapper().createObjectNode().put("pipeline_yaml", yaml)
                            .put("summary", "movies above 8.5").toString())), 100, 20)));
            server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-a", "Proposed best_movies.", 50, 5)));
            Path config = dir.resolve(".osiris.yaml");
            Files.writeString(config, """
                    version: 1
                    llm:
                      provider: openai
                      model: model-a
                      base_url: %s
                    """.formatted(wire.baseUrl(server)));

            OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "demo", "--dir", dir.toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("Asking the model (openai model-a)").contains("Proposed best_movies.")
                    .contains("Approved on your behalf");
            assertThat(Files.readAllLines(dir.resolve("output/best_movies.csv"))).containsExactly(
                    "title,avg_rating", "The Dark Knight,8.80", "Spirited Away,8.78", "Princess Mononoke,8.70",
                    "Pulp Fiction,8.64", "Django Unchained,8.63", "Parasite,8.56");
            assertThat(wire.userTexts(WireFormat.json(server.request(0).body())))
                    .containsExactly("Export movies rated above 8.0 to CSV");
        }
    }

    @Test
    void runningTheDemoAgainGivesTheSameOutput(@TempDir Path dir) throws Exception {
        assertThat(OsirisCliTest.run("demo", "--dir", dir.toString()).exitCode()).isZero();
        byte[] first = Files.readAllBytes(dir.resolve("output/top_rated_movies.csv"));
        assertThat(OsirisCliTest.run("demo", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(first);
    }
}
