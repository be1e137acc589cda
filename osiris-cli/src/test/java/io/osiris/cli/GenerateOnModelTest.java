package io.osiris.cli;

import static io.osiris.cli.ChatCommandTest.JSON;
import static io.osiris.cli.ChatCommandTest.KEY;
import static io.osiris.cli.ChatCommandTest.TOP_RATED_YAML;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ToolCall;
import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris generate "intent"} on the configured model (a real SDK against a scripted server),
 * and on the templates when no model is configured, saying so.
 */
class GenerateOnModelTest {
    static final WireFormat WIRE = WireFormat.OPENAI;
    static final Pattern ANSWER = Pattern.compile("osiris chat --session ([0-9a-f]+) \"\\.\\.\\.\"");

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void configure(boolean withLlm) throws Exception {
        String llm = !withLlm ? "" : """
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 1
                """.formatted(WIRE.baseUrl(server));
        config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  duckdb:
                    default:
                      path: %s
                %soutput:
                  directory: %s
                """.formatted(dir.resolve("movies.duckdb"), llm, dir.resolve("output")));
    }

    private OsirisCliTest.Result run(String command, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), command));
        all.addAll(List.of(args));
        return OsirisCliTest.run(all.toArray(String[]::new));
    }

    private void propose(String yaml) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(new ToolCall("p",
                "propose_pipeline", JSON.createObjectNode().put("pipeline_yaml", yaml).put("summary", "top movies")
                        .toString())), 100, 20)));
    }

    private void text(String text) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", text, 120, 30)));
    }

    @Test
    void aSentenceGoesToTheModelInFastModeAndItsProposalIsThePipeline() throws Exception {
        configure(true);
        propose(TOP_RATED_YAML.replace("path: output/", "path: " + dir.resolve("output") + "/"));
        text("Proposed top_rated_movies.");
        Path file = dir.resolve("pipelines/top.yaml");

        OsirisCliTest.Result r = run("generate", "movies rated above 8.0 to CSV", "--skip-clarification",
                "-o", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(file)).contains("name: top_rated_movies", "HAVING AVG(r.rating) > 8.0");
        assertThat(r.err()).contains("model> Proposed top_rated_movies.", "osiris> The model proposed top_rated_movies",
                        "nothing ran")
                .doesNotContain("template");
        assertThat(WIRE.system(WireFormat.json(server.request(0).body()))).contains("Fast mode: do not ask questions");
        assertThat(WIRE.userTexts(WireFormat.json(server.request(0).body())))
                .containsExactly("movies rated above 8.0 to CSV");
        assertThat(server.requests()).hasSize(2);
        assertThat(dir.resolve("output/top_rated_movies.csv")).doesNotExist();
    }

    @Test
    void aQuestionFromTheModelIsPrintedWithHowToAnswerAndTheSessionGoesOn() throws Exception {
        configure(true);
        text("Which rating threshold do you mean: the average of reviews, or IMDb?");

        OsirisCliTest.Result r = run("generate", "well rated movies");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("model> Which rating threshold do you mean",
                "osiris> No pipeline proposed; nothing written. Answer with: osiris chat --session ");
        assertThat(WIRE.system(WireFormat.json(server.request(0).body()))).doesNotContain("Fast mode");
        Matcher m = ANSWER.matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();

        text("Fine.");
        OsirisCliTest.Result answered = run("chat", "--session", m.group(1), "The average of reviews, above 8");

        assertThat(answered.exitCode()).as(answered.err()).isZero();
        assertThat(WIRE.userTexts(WireFormat.json(server.request(1).body())))
                .containsExactly("well rated movies", "The average of reviews, above 8");
    }

    @Test
    void inFastModeNoPipelineIsAFailure() throws Exception {
        configure(true);
        text("I cannot tell which table holds ratings.");

        OsirisCliTest.Result r = run("generate", "well rated movies", "--skip-clarification");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("model> I cannot tell", "No pipeline proposed; nothing written. Say more with:");
    }

    @Test
    void withoutAnLlmTheTemplatesAnswerAndStderrSaysSo() throws Exception {
        configure(false);

        OsirisCliTest.Result r = run("generate", "top 10 movies by box office");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("no llm configured (llm: in .osiris.yaml): matched template top_n");
        assertThat(r.out()).contains("LIMIT 10");
        assertThat(run("generate", "hello there").err())
                .contains("no llm configured (llm: in .osiris.yaml): no template fits 'hello there'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void sqlAndTemplatesNeverCallTheModel() throws Exception {
        configure(true);

        OsirisCliTest.Result sql = run("generate", "--sql", "SELECT title FROM movies");
        OsirisCliTest.Result template = run("generate", "--template", "top_n", "--params", "table=movies",
                "order_by=box_office_musd", "n=3");

        assertThat(sql.exitCode()).as(sql.err()).isZero();
        assertThat(template.exitCode()).as(template.err()).isZero();
        assertThat(sql.out()).contains("SELECT title FROM movies");
        assertThat(template.out()).contains("LIMIT 3");
        assertThat(sql.err() + template.err()).doesNotContain("llm");
        assertThat(server.requests()).isEmpty();
    }
}
