package io.osiris.llm.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.ToolCall;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.testing.MoviesFile;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scripted model that answers with the reference SQL scores 100%; one that picks a wrong column does not. */
class EvaluatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SET = """
            name: mini
            source: duckdb
            questions:
              - id: sci_fi_titles
                question: Which science-fiction movies are there?
                sql: SELECT title FROM movies WHERE genre = 'Sci-Fi'
              - id: newest_three
                question: The three newest movies, newest first
                sql: SELECT title, release_year FROM movies ORDER BY release_year DESC, title LIMIT 3
                ordered: true
              - id: average_rating
                question: What is the average review rating?
                sql: SELECT ROUND(AVG(rating), 2) FROM reviews
              - id: director_count
                question: How many directors are there?
                rows: [[%d]]
            """;

    @TempDir
    Path dir;

    @Test
    void aModelAnsweringWithTheReferenceSqlScoresEveryQuestion() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            GoldenSet set = f.set();
            for (GoldenSet.Question q : set.questions()) {
                f.answer(q.sql().orElse("SELECT count(*) AS n FROM directors"));
            }
            List<EvalReport.Score> seen = new ArrayList<>();
            EvalReport report = new Evaluator(f.osiris, f.model, "model-a").run(set, seen::add);

            assertThat(report.questions()).allSatisfy(s -> assertThat(s.why()).as(s.id()).isEmpty());
            assertThat(report.accuracy()).isEqualTo(1.0);
            assertThat(report.questions()).extracting(EvalReport.Score::id)
                    .containsExactly("sci_fi_titles", "newest_three", "average_rating", "director_count");
            assertThat(report.questions()).allSatisfy(s -> {
                assertThat(s.correct()).as(s.id() + " " + s.why()).isTrue();
                assertThat(s.unknownIdentifiers()).isZero();
                assertThat(s.calls()).isEqualTo(2);
                assertThat(s.tokens()).isEqualTo(270);
            });
            assertThat(seen).isEqualTo(report.questions());
            // Nothing of the evaluation lands in the project.
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("output");
            }
        }
    }

    @Test
    void aWrongColumnOrAWrongOrderOrNoProposalIsScoredWrong() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            GoldenSet set = f.set();
            f.answer("SELECT title FROM movies WHERE genre = 'Drama'");
            f.answer("SELECT title, release_year FROM movies ORDER BY release_year, title LIMIT 3");
            f.answer("SELECT ROUND(AVG(rating), 2) FROM reviews");
            f.say("Which directors do you mean?");

            EvalReport report = new Evaluator(f.osiris, f.model, "model-a").run(set, s -> { });

            assertThat(report.accuracy()).isEqualTo(0.25);
            assertThat(report.questions()).extracting(EvalReport.Score::correct).containsExactly(false, false, true, false);
            assertThat(report.questions().get(3).why()).contains("no pipeline proposed: Which directors do you mean?");
            assertThat(report.questions().get(3).calls()).isEqualTo(1);
        }
    }

    @Test
    void identifiersTheSchemaLacksAreCounted() {
        UnknownIdentifiers schema = new UnknownIdentifiers(List.of("movies", "reviews"),
                List.of("movie_id", "title", "rating", "genre"));
        assertThat(schema.in("SELECT m.title, AVG(r.rating) AS avg_rating FROM movies m JOIN reviews r"
                + " ON r.movie_id = m.movie_id GROUP BY m.title ORDER BY avg_rating", List.of())).isEmpty();
        assertThat(schema.in("WITH top AS (SELECT title FROM movies) SELECT t.title FROM top t", List.of())).isEmpty();
        assertThat(schema.in("SELECT titel, score FROM films", List.of())).containsExactly("films", "score", "titel");
        assertThat(schema.in("SELECT * FROM step_one", List.of("step_one"))).isEmpty();
        assertThat(schema.in("not sql at all", List.of())).containsExactly("<unparsable>");
    }

    @Test
    void aBadSetIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> GoldenSet.parse("name: x\nsource: duckdb\nquestions:\n  - id: a\n    question: q\n",
                "set.yaml")).isInstanceOf(ConfigurationException.class)
                .hasMessage("set.yaml: question 1 (a) needs exactly one of sql (a reference query) and rows.");
        assertThatThrownBy(() -> GoldenSet.parse("name: x\nsource: duckdb\nquestions:\n  - id: a\n    question: q\n"
                + "    sql: SELECT 1\n  - id: a\n    question: r\n    sql: SELECT 2\n", "set.yaml"))
                .hasMessage("set.yaml: question 2 (a): the id is used twice.");
        assertThatThrownBy(() -> GoldenSet.parse("name: x\nsource: duckdb\nquestions:\n  - id: a\n    question: q\n"
                + "    sql: SELECT 1\n    orderd: true\n", "set.yaml"))
                .hasMessage("set.yaml: question 1 unknown key 'orderd' (did you mean 'ordered'?)."
                        + " Known keys: id, ordered, question, rows, sql.");
        GoldenSet moved = GoldenSet.parse("name: x\nsource: mysql.warehouse\nquestions:\n  - id: a\n    question: q\n"
                + "    rows: [[1, null]]\n", "set.yaml");
        assertThat(moved.sourceType()).isEqualTo("mysql");
        assertThat(moved.connection()).isEqualTo("warehouse");
        assertThat(moved.on("supabase")).extracting(GoldenSet::sourceType, GoldenSet::connection)
                .containsExactly("supabase", "default");
    }

    @Test
    void valuesCompareAsAnalystsReadThem() {
        assertThat(ResultRows.canonical("8.50000")).isEqualTo("8.5");
        assertThat(ResultRows.canonical("8.333333333")).isEqualTo("8.3333");
        assertThat(ResultRows.canonical("12")).isEqualTo("12");
        assertThat(ResultRows.canonical("-0.00")).isEqualTo("0");
        assertThat(ResultRows.canonical("Alien")).isEqualTo("Alien");
        ResultRows a = ResultRows.ofValues(List.of(List.of(1, "x"), List.of(2, "y")));
        ResultRows b = ResultRows.ofValues(List.of(List.of(2, "y"), List.of("1.0", "x")));
        assertThat(a.matches(b, false)).isTrue();
        assertThat(a.matches(b, true)).isFalse();
    }

    /** The movies database in a DuckDB file, an Osiris configured on it, and a scripted model. */
    private static final class Fixture implements AutoCloseable {
        final ScriptedLlmServer server = ScriptedLlmServer.start();
        final WireFormat wire = WireFormat.OPENAI;
        final Osiris osiris;
        final ChatModel model;
        final long directors;
        private int answers;

        Fixture(Path dir) throws Exception {
            Path database = dir.resolve("movies.duckdb");
            directors = createMovies(database);
            ConnectorConfig source = new ConnectorConfig("duckdb", "default", Map.of("path", database.toString()));
            OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of("duckdb", Map.of("default", source)),
                    Map.of(), Map.of(), dir.resolve("output"));
            osiris = Osiris.configure().workingDirectory(dir).config(config).load();
            model = wire.provider(Map.of(), RetryPolicy.withBaseDelay(Duration.ofMillis(5))).open(new LlmSettings(
                    wire.providerId(), "model-a", List.of(), wire.baseUrl(server), "sk-test", Duration.ofSeconds(20),
                    1024, 0));
        }

        GoldenSet set() {
            return GoldenSet.parse(SET.formatted(directors), "mini.yaml");
        }

        /** The model proposes a pipeline exporting {@code sql}, then says it did. */
        void answer(String sql) {
            String yaml = """
                    # osiris-pipeline-v2
                    name: answer_%d
                    version: 1.0
                    extract:
                      - id: query
                        source: duckdb
                        connection: default
                        query: "%s"
                    load:
                      - id: save
                        from: query
                        to: csv
                        path: output/answer_%1$d.csv
                    """.formatted(++answers, sql.replace("\"", "\\\""));
            String arguments = JSON.createObjectNode().put("pipeline_yaml", yaml).put("summary", "the answer").toString();
            server.enqueue(wire.chatPath(), Reply.json(200, wire.toolCallsReply("model-a",
                    List.of(new ToolCall("c" + answers, "propose_pipeline", arguments)), 100, 20)));
            say("Proposed.");
        }

        void say(String text) {
            server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-a", text, 120, 30)));
        }

        static long createMovies(Path file) throws Exception {
            MoviesFile.create(file);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                    Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM directors")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() {
            model.close();
            osiris.close();
            server.close();
        }
    }
}
