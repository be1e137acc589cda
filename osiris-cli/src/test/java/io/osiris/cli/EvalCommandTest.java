package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolCall;
import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.eval.GoldenSet;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris eval} end to end: a golden set over the movies database in a DuckDB file, the real
 * openai-java client talking to a scripted model that answers each question with a pipeline.
 */
class EvalCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final WireFormat WIRE = WireFormat.OPENAI;

    static final String SET = """
            name: mini
            source: duckdb.demo
            questions:
              - id: sci_fi_titles
                question: Which science-fiction movies are there?
                sql: SELECT title FROM movies WHERE genre = 'Sci-Fi'
              - id: newest_three
                question: The three newest movies, newest first
                sql: SELECT title, release_year FROM movies ORDER BY release_year DESC, title LIMIT 3
                ordered: true
              - id: reviews_of_parasite
                question: How many reviews does Parasite have?
                sql: SELECT count(*) FROM reviews r JOIN movies m ON m.movie_id = r.movie_id WHERE m.title = 'Parasite'
            """;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=sk-fake-EVAL-KEY-31337\n");
        config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  duckdb:
                    demo:
                      path: %s
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 0
                """.formatted(dir.resolve("movies.duckdb"), WIRE.baseUrl(server)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * The scripted model answers every question of {@code set} with its reference SQL, changed by
     * {@code answer}, in a pipeline writing under {@code project} (which an evaluation never writes).
     */
    static void answerAll(ScriptedLlmServer server, GoldenSet set, Path project, UnaryOperator<String> answer) {
        int n = 0;
        for (GoldenSet.Question q : set.questions()) {
            n++;
            String sql = answer.apply(q.sql().orElseGet(() -> select(q.rows().orElseThrow())));
            String yaml = "# osiris-pipeline-v2\nname: answer_" + n + "\nversion: 1.0\nextract:\n  - id: query\n"
                    + "    source: " + set.sourceType() + "\n    connection: " + set.connection() + "\n    query: "
                    + JSON.valueToTree(sql) + "\nload:\n  - id: save\n    from: query\n    to: csv\n"
                    + "    path: " + JSON.valueToTree(project.resolve("output/answer_" + n + ".csv").toString()) + "\n";
            String arguments = JSON.createObjectNode().put("pipeline_yaml", yaml).put("summary", "answer").toString();
            server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a",
                    List.of(new ToolCall("c" + n, "propose_pipeline", arguments)), 100, 20)));
            server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", "Proposed.", 120, 30)));
        }
    }

    /** Rows given as values, as one portable SELECT of literals. */
    static String select(List<List<Object>> rows) {
        return rows.stream().map(row -> "SELECT " + row.stream().map(v -> v == null ? "NULL"
                : v instanceof Number ? v.toString() : "'" + v.toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", "))).collect(Collectors.joining(" UNION ALL "));
    }

    private OsirisCliTest.Result eval(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "eval"));
        all.addAll(List.of(args));
        return OsirisCliTest.run(all.toArray(String[]::new));
    }

    @Test
    void theReferenceModelScoresEveryQuestionAndTheReportIsTheDesignedJson() throws Exception {
        Path set = Files.writeString(dir.resolve("mini.yaml"), SET);
        answerAll(server, GoldenSet.read(set), dir, sql -> sql);

        OsirisCliTest.Result r = eval(set.toString(), "--json", "--min-accuracy", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("set").asText()).isEqualTo("mini");
        assertThat(report.get("model").asText()).isEqualTo("model-a");
        assertThat(report.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(report.get("questions")).hasSize(3).allSatisfy(q -> {
            assertThat(q.get("correct").asBoolean()).as(q.toString()).isTrue();
            assertThat(q.get("unknown_identifiers").asInt()).isZero();
            assertThat(q.get("tokens").asLong()).isEqualTo(270);
            assertThat(q.get("calls").asInt()).isEqualTo(2);
            assertThat(q.has("seconds")).isTrue();
        });
        assertThat(r.err()).contains("Asking model-a 3 questions of mini about duckdb.demo", "right  newest_three")
                .doesNotContain("sk-fake-EVAL-KEY-31337");
        assertThat(dir.resolve("output")).doesNotExist();
    }

    @Test
    void aModelPickingAWrongColumnScoresBelowAndFailsTheMinimum() throws Exception {
        Path set = Files.writeString(dir.resolve("mini.yaml"), SET);
        answerAll(server, GoldenSet.read(set), dir, sql -> sql.replace("SELECT title", "SELECT genre"));

        OsirisCliTest.Result r = eval(set.toString(), "--min-accuracy", "0.9");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("sci_fi_titles", "no", "accuracy: 33.3% (1 of 3) on mini with model-a");
        assertThat(r.err()).contains("wrong  newest_three: other values (or order) than expected");
    }

    /** The golden set the project ships, copied out of the examples jar. */
    static Path shippedSet(Path dir) throws Exception {
        try (var in = EvalCommandTest.class.getResourceAsStream("/io/osiris/examples/eval/movies.yaml")) {
            Path set = dir.resolve("movies.yaml");
            Files.write(set, in.readAllBytes());
            return set;
        }
    }

    @Test
    void theShippedSetScoresTheReferenceModelFullyAndAWrongColumnBelow() throws Exception {
        Path set = shippedSet(dir);
        GoldenSet golden = GoldenSet.read(set);
        assertThat(golden.questions()).hasSizeGreaterThanOrEqualTo(40);
        answerAll(server, golden, dir, sql -> sql);
        OsirisCliTest.Result right = eval(set.toString(), "--json");
        assertThat(right.exitCode()).as(right.err()).isZero();
        JsonNode report = JSON.readTree(right.out());
        assertThat(report.get("questions")).allSatisfy(q -> assertThat(q.get("correct").asBoolean())
                .as(q.toString()).isTrue());
        assertThat(report.get("accuracy").asDouble()).isEqualTo(1.0);

        // The same answers with one column swapped for another the table has: a plausible mistake.
        answerAll(server, golden, dir, sql -> sql.replaceFirst("\\btitle\\b", "genre"));
        OsirisCliTest.Result wrong = eval(set.toString(), "--json");
        JsonNode worse = JSON.readTree(wrong.out());
        assertThat(worse.get("accuracy").asDouble()).isLessThan(1.0);
        assertThat(worse.get("questions")).anySatisfy(q -> assertThat(q.get("correct").asBoolean()).isFalse());
    }

    @Test
    void withoutAModelOrWithABadSetItSaysWhyAndExits2() throws Exception {
        Files.writeString(config, Files.readString(config).replaceAll("(?s)llm:.*", ""));
        Path set = Files.writeString(dir.resolve("mini.yaml"), SET);
        OsirisCliTest.Result none = eval(set.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("osiris eval measures the configured model, and none is configured");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: x\nsource: duckdb\nquestions: []\n");
        OsirisCliTest.Result empty = eval(bad.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("bad.yaml: the set has no questions.");
    }
}
