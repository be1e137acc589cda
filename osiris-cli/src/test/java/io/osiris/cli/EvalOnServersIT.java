package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.osiris.llm.eval.GoldenSet;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code osiris eval} on the shipped movies set against the real servers: the movies data seeded
 * in MariaDB (database {@value #NAME}) and PostgreSQL (schema {@value #NAME}), the real openai-java
 * client talking to a scripted model. The reference model scores 100% on each server, one that
 * picks a wrong column scores below. Skipped when a server does not answer, failed instead with
 * {@code -Dosiris.it.required=true}.
 */
class EvalOnServersIT {
    static final String NAME = "h_doc_movies";
    static final String KEY = "sk-fake-EVAL-SERVERS-KEY-5150";
    static final int WRONG_COLUMN_QUESTIONS = 12;

    @org.junit.jupiter.api.io.TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() {
        server = ScriptedLlmServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void configure(String source) throws Exception {
        boolean mysql = source.startsWith("mysql");
        config = MoviesOnServers.config(dir, mysql ? MoviesOnServers.mysql(NAME) : null,
                mysql ? null : MoviesOnServers.postgres(NAME), NAME);
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
        Files.writeString(config, Files.readString(config) + """
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 0
                """.formatted(WireFormat.OPENAI.baseUrl(server)));
    }

    private JsonNode eval(Path set, String source, UnaryOperator<String> answer) throws Exception {
        EvalCommandTest.answerAll(server, GoldenSet.read(set).on(source), dir, answer);
        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "eval", set.toString(),
                "--source", source, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(KEY);
        return EvalCommandTest.JSON.readTree(r.out());
    }

    /** The first {@code n} questions of a set, as a set of their own beside it. */
    private static Path firstQuestions(Path set, int n) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(set.toFile());
        ArrayNode questions = (ArrayNode) root.get("questions");
        while (questions.size() > n) {
            questions.remove(questions.size() - 1);
        }
        Path first = set.resolveSibling("first-" + n + ".yaml");
        yaml.writeValue(first.toFile(), root);
        return first;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql.it", "supabase.it"})
    void theShippedSetScoresTheReferenceModelFullyAndAWrongColumnBelow(String source) throws Exception {
        configure(source);
        Path set = EvalCommandTest.shippedSet(dir);

        JsonNode right = eval(set, source, sql -> sql);
        assertThat(right.get("questions")).hasSizeGreaterThanOrEqualTo(40).allSatisfy(q ->
                assertThat(q.get("correct").asBoolean()).as(q.toString()).isTrue());
        assertThat(right.get("accuracy").asDouble()).isEqualTo(1.0);

        // One column swapped for another the table has: a plausible mistake, on the server's own dialect.
        // The first questions of the set show it; all of them would double the test's time.
        JsonNode wrong = eval(firstQuestions(set, WRONG_COLUMN_QUESTIONS), source,
                sql -> sql.replaceFirst("\\btitle\\b", "genre"));
        assertThat(wrong.get("accuracy").asDouble()).isLessThan(1.0);
        assertThat(wrong.get("questions")).hasSize(WRONG_COLUMN_QUESTIONS).anySatisfy(q -> assertThat(q.get("correct").asBoolean()).isFalse());
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
