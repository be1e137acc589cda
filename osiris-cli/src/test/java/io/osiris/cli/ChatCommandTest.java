package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolCall;
import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code osiris chat} and {@code osiris sessions} end to end: the movies database as a DuckDB file,
 * a real {@code .osiris.yaml} with the key in {@code .env}, and the real openai-java and
 * anthropic-java clients (found through ServiceLoader) talking to a scripted server.
 */
class ChatCommandTest {
    static final String KEY = "sk-fake-CLI-KEY-777111";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SESSION = Pattern.compile("Session ([0-9a-f]+) \\(continue it with --session");

    static final String TOP_RATED_YAML = """
            # osiris-pipeline-v2
            name: top_rated_movies
            version: 1.0
            description: Movies whose reviews average above 8.0, best first
            extract:
              - id: rated
                source: duckdb
                connection: default
                query: |
                  SELECT m.title, m.release_year, CAST(AVG(r.rating) AS DECIMAL(10,2)) AS avg_rating
                  FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
                  GROUP BY m.title, m.release_year
                  HAVING AVG(r.rating) > 8.0
            transform:
              - id: ranked
                engine: duckdb
                sql: |
                  SELECT * FROM rated ORDER BY avg_rating DESC, title
            load:
              - id: save_csv
                from: ranked
                to: csv
                path: output/top_rated_movies.csv
            """;

    static final String EXPECTED_CSV = """
            title,release_year,avg_rating
            The Dark Knight,2008,8.80
            Spirited Away,2001,8.78
            Princess Mononoke,1997,8.70
            Pulp Fiction,1994,8.64
            Django Unchained,2012,8.63
            Parasite,2019,8.56
            Inception,2010,8.50
            Interstellar,2014,8.42
            13th,2016,8.40
            Memento,2000,8.40
            Oppenheimer,2023,8.40
            Inglourious Basterds,2009,8.20
            Little Women,2019,8.13
            Memories of Murder,2003,8.10
            Blade Runner 2049,2017,8.07
            Arrival,2016,8.04
            My Neighbor Totoro,1988,8.02
            Selma,2014,8.02
            """;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\nANTHROPIC_API_KEY=" + KEY + "\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void configure(WireFormat wire, boolean withLlm) throws Exception {
        String llm = !withLlm ? "" : """
                llm:
                  provider: %s
                  model: model-a
                  base_url: %s
                  api_key: ${%s}
                  max_retries: 1
                """.formatted(wire.providerId(), wire.baseUrl(server),
                wire == WireFormat.OPENAI ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY");
        config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  duckdb:
                    default:
                      path: %s
                %soutput:
                  directory: output
                """.formatted(dir.resolve("movies.duckdb"), llm));
    }

    private OsirisCliTest.Result chat(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--config", config.toString(), "chat", "--dir",
                dir.toString()));
        all.addAll(List.of(args));
        return OsirisCliTest.run(all.toArray(String[]::new));
    }

    private OsirisCliTest.Result sessions(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--config", config.toString(), "sessions"));
        all.addAll(List.of(args));
        return OsirisCliTest.run(all.toArray(String[]::new));
    }

    private void tools(WireFormat wire, ToolCall... calls) {
        server.enqueue(wire.chatPath(), Reply.json(200, wire.toolCallsReply("model-a", List.of(calls), 100, 20)));
    }

    private void text(WireFormat wire, String text) {
        server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-a", text, 120, 30)));
    }

    private static String sessionId(OsirisCliTest.Result r) {
        Matcher m = SESSION.matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        return m.group(1);
    }

    private JsonNode sent(int index) {
        return WireFormat.json(server.request(index).body());
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aConversationAcrossTwoInvocationsEndsInAnApprovedRun(WireFormat wire) throws Exception {
        configure(wire, true);
        tools(wire, new ToolCall("c1", "describe_table", "{\"table\":\"directors\"}"));
        tools(wire, new ToolCall("c2", "preview_query", JSON.createObjectNode().put("sql",
                "SELECT d.name, d.birth_year, d.awards, m.title, m.release_year FROM directors d "
                        + "JOIN movies m ON m.director_id = d.director_id WHERE d.name = 'Ava DuVernay' "
                        + "ORDER BY m.release_year").toString()));
        text(wire, "Ava DuVernay was born in 1972, has won 8 awards, and directed Selma (2014).");

        OsirisCliTest.Result first = chat("Tell me about director Ava DuVernay");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("born in 1972", "8 awards", "Selma (2014)");
        String id = sessionId(first);
        JsonNode preview = wire.toolResults(sent(2)).stream().filter(r -> r.toolCallId().equals("c2")).findFirst()
                .orElseThrow().json();
        JsonNode row = preview.path("rows").get(0);
        assertThat(row.path("birth_year").asInt()).isEqualTo(1972);
        assertThat(row.path("awards").asInt()).isEqualTo(8);
        assertThat(row.path("title").asText()).isEqualTo("Selma");
        assertThat(row.path("release_year").asInt()).isEqualTo(2014);
        JsonNode directors = wire.toolResults(sent(1)).get(0).json();
        assertThat(StreamSupport.stream(directors.path("sample_rows").spliterator(), false))
                .anySatisfy(r -> {
                    assertThat(r.path("name").asText()).isEqualTo("Ava DuVernay");
                    assertThat(r.path("birth_year").asInt()).isEqualTo(1972);
                    assertThat(r.path("awards").asInt()).isEqualTo(8);
                });

        tools(wire, new ToolCall("c3", "propose_pipeline", JSON.createObjectNode()
                .put("pipeline_yaml", TOP_RATED_YAML).put("summary", "Movies rated above 8.0, to CSV.").toString()));
        text(wire, "I proposed top_rated_movies.");

        OsirisCliTest.Result second = chat("--session", id, "--yes", "--verbose", "Export movies rated above 8.0 to CSV");

        assertThat(second.exitCode()).as(second.err()).isZero();
        // The second invocation sent the first one's conversation.
        assertThat(wire.userTexts(sent(3))).containsExactly("Tell me about director Ava DuVernay",
                "Export movies rated above 8.0 to CSV");
        assertThat(wire.toolResults(sent(3))).hasSize(2);
        assertThat(second.out()).contains("Proposed pipeline top_rated_movies, saved as output/top_rated_movies.yaml",
                "# osiris-pipeline-v2", "Extract rated from duckdb.default:", "SELECT m.title",
                "wrote output/top_rated_movies.csv (18 rows)");
        assertThat(second.err()).contains("Approved with --yes.",
                "osiris> Ran top_rated_movies: 18 rows to output/top_rated_movies.csv.", "Session " + id + ": 5 model calls");
        assertThat(Files.readString(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(EXPECTED_CSV);
        assertThat(Files.readString(dir.resolve("output/top_rated_movies.yaml"))).isEqualTo(TOP_RATED_YAML);

        OsirisCliTest.Result list = sessions("list");
        assertThat(list.out()).contains(id, "duckdb.default", "Tell me about director Ava DuVernay");
        OsirisCliTest.Result show = sessions("show", id);
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("you: Tell me about director Ava DuVernay", "-> describe_table",
                "<- preview_query", "model: I proposed top_rated_movies.");

        // The key never reached a file Osiris wrote, nor the output.
        for (OsirisCliTest.Result r : List.of(first, second, list, show)) {
            assertThat(r.out() + r.err()).doesNotContain(KEY);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".env"))
                    .toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(KEY);
            }
        }
        assertThat(server.request(0).headers().values()).anyMatch(v -> v.contains(KEY));

        OsirisCliTest.Result clear = sessions("clear", id);
        assertThat(clear.out()).contains("Cleared session " + id);
        assertThat(sessions("show", id).exitCode()).isEqualTo(2);
    }

    @Test
    void withoutYesNothingRunsUntilApproved() throws Exception {
        configure(WireFormat.OPENAI, true);
        tools(WireFormat.OPENAI, new ToolCall("p", "propose_pipeline", JSON.createObjectNode()
                .put("pipeline_yaml", TOP_RATED_YAML).put("summary", "top movies").toString()));
        text(WireFormat.OPENAI, "Proposed.");

        OsirisCliTest.Result proposed = chat("--fast", "Export movies rated above 8.0 to CSV");

        assertThat(proposed.exitCode()).as(proposed.err()).isZero();
        assertThat(proposed.err()).contains("osiris> Nothing ran. Pipeline top_rated_movies waits for approval"
                + " (output/top_rated_movies.yaml): osiris chat approve --session ");
        assertThat(dir.resolve("output/top_rated_movies.csv")).doesNotExist();
        assertThat(WireFormat.OPENAI.system(sent(0))).contains("Fast mode: do not ask questions");

        OsirisCliTest.Result approved = chat("--session", sessionId(proposed), "approve");

        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(Files.readString(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(EXPECTED_CSV);
        assertThat(server.requests()).hasSize(2);
        assertThat(chat("--session", sessionId(proposed), "approve").exitCode()).isEqualTo(2);
    }

    @Test
    void sqlBecomesAPipelineWithoutAnLlm() throws Exception {
        configure(WireFormat.OPENAI, false);

        OsirisCliTest.Result r = chat("--yes", "--sql",
                "SELECT title, release_year FROM movies WHERE release_year = 2014 ORDER BY title;");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Proposed pipeline movies_export", "First 2 rows:", "Interstellar",
                "wrote output/movies_export.csv (2 rows)");
        assertThat(Files.readString(dir.resolve("output/movies_export.csv")))
                .isEqualTo("title,release_year\nInterstellar,2014\nSelma,2014\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void theApprovedRunShowsItsProgressAndTheDryRunThatCheckedTheProposalDoesNot() throws Exception {
        configure(WireFormat.OPENAI, false);

        OsirisCliTest.Result r = chat("--yes", "--sql", "SELECT title FROM movies");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.err().lines().toList();
        int approved = lines.indexOf("Approved with --yes.");
        assertThat(approved).isNotNegative();
        assertThat(lines.subList(0, approved)).noneMatch(l -> l.endsWith(" ..."));
        assertThat(lines.subList(approved, lines.size())).anyMatch(l -> l.matches("  extract \\S+ \\.\\.\\."))
                .anyMatch(l -> l.matches("  load \\S+ \\.\\.\\."));
    }

    @Test
    void refusedSqlIsAValidationErrorAndNothingIsSaved() throws Exception {
        configure(WireFormat.OPENAI, false);

        OsirisCliTest.Result r = chat("--sql", "DELETE FROM movies");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("refused SQL", "nothing was saved or run");
        assertThat(dir.resolve("output")).doesNotExist();
    }

    @Test
    void withoutAnLlmChatFallsBackToTemplatesAndSaysSo() throws Exception {
        configure(WireFormat.OPENAI, false);

        OsirisCliTest.Result r = chat("Make me a poem about databases");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No LLM is configured", "matching your sentence against the templates", "--sql");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anUnknownSessionIsAUsageError() throws Exception {
        configure(WireFormat.OPENAI, true);

        OsirisCliTest.Result r = chat("--session", "nope", "hello");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No session 'nope'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void theInteractiveModeReadsTurnsAndCommandsUntilExit() throws Exception {
        configure(WireFormat.OPENAI, true);
        tools(WireFormat.OPENAI, new ToolCall("p", "propose_pipeline", JSON.createObjectNode()
                .put("pipeline_yaml", TOP_RATED_YAML).put("summary", "top movies").toString()));
        text(WireFormat.OPENAI, "Proposed top_rated_movies.");
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream(
                "Export movies rated \\\nabove 8.0 to CSV\nshow\napprove\nexit\n".getBytes(StandardCharsets.UTF_8)));
        OsirisCliTest.Result r;
        try {
            r = chat("--interactive");
        } finally {
            System.setIn(stdin);
        }

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(WireFormat.OPENAI.userTexts(sent(0))).containsExactly("Export movies rated \nabove 8.0 to CSV");
        assertThat(r.out()).contains("model> Proposed top_rated_movies.", "wrote output/top_rated_movies.csv (18 rows)");
        assertThat(r.err()).contains("osiris> Ran top_rated_movies: 18 rows to output/top_rated_movies.csv.");
        assertThat(Files.readString(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(EXPECTED_CSV);
    }
}
