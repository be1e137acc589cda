package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osiris llm doctor} end to end: the real openai-java client against a scripted server. */
class LlmDoctorCommandTest {
    static final String KEY = "sk-fake-DOCTOR-KEY-90210";
    static final WireFormat WIRE = WireFormat.OPENAI;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
        config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                llm:
                  provider: openai
                  model: model-a
                  fallback_models: model-b
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                """.formatted(WIRE.baseUrl(server)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void healthy(String model, long context) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply(model,
                List.of(new ToolCall("c1", "report_status", "{\"status\":\"ok\"}")), 40, 8)));
        server.enqueue("/v1/models", Reply.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"" + model
                + "\",\"object\":\"model\",\"created\":1,\"owned_by\":\"x\",\"context_length\":" + context + "}]}"));
    }

    private OsirisCliTest.Result doctor(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--config";
        all[1] = config.toString();
        all[2] = "llm";
        all[3] = "doctor";
        System.arraycopy(args, 0, all, 4, args.length);
        return OsirisCliTest.run(all);
    }

    @Test
    void everyModelPassingPrintsTheTableAndExits0() {
        healthy("model-a", 131072);
        healthy("model-b", 32768);

        OsirisCliTest.Result r = doctor();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("provider", "tool calls", "context", "latency")
                .containsPattern("openai +model-a +accepted +ok +131072 tokens +[0-9]+ ms +pass")
                .containsPattern("openai +model-b +accepted +ok +32768 tokens +[0-9]+ ms +pass")
                .contains("Every model passes.");
        assertThat(r.err()).contains("Checking openai model model-a...", "Checking openai model model-b...");
        assertThat(r.out() + r.err()).doesNotContain(KEY);
        // The key went to the server, as a bearer token, and nowhere else.
        assertThat(server.request(0).header("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aRefusedKeyAndAFailingFallbackExit1AsJsonWithoutTheKey() throws Exception {
        server.enqueue(WIRE.chatPath(), Reply.json(401, WIRE.errorReply("Incorrect API key provided: " + KEY)));
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-b", "ok", 30, 2)));

        OsirisCliTest.Result r = doctor("--json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("provider").asText()).isEqualTo("openai");
        assertThat(report.get("passed").asBoolean()).isFalse();
        JsonNode a = report.get("models").get(0);
        assertThat(a.get("model").asText()).isEqualTo("model-a");
        assertThat(a.get("key").asText()).isEqualTo("key refused");
        assertThat(a.get("passed").asBoolean()).isFalse();
        JsonNode b = report.get("models").get(1);
        assertThat(b.get("key").asText()).isEqualTo("accepted");
        assertThat(b.get("tool_calls").asText()).isEqualTo("no tool call");
        assertThat(b.get("context_tokens").isNull()).isTrue();
        assertThat(b.get("latency_ms").asLong()).isNotNegative();
        assertThat(r.out() + r.err()).doesNotContain(KEY);
    }

    @Test
    void withoutAnLlmSectionItSaysSoAndExits2() throws Exception {
        Files.writeString(config, "version: 1\n");

        OsirisCliTest.Result r = doctor();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No LLM is configured: add an llm: section");
        assertThat(server.requests()).isEmpty();
    }
}
