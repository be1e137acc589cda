package io.osiris.llm.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ToolCall;
import io.osiris.core.config.OsirisConfig;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link LlmDoctor} with the real SDK clients against a scripted server. */
class LlmDoctorTest {
    static final String KEY = "sk-test-DOCTOR-SECRET-7777";

    @TempDir
    Path dir;
    ScriptedLlmServer server;

    @BeforeEach
    void start() {
        server = ScriptedLlmServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmDoctor doctor(WireFormat wire, String fallbacks) {
        Map<String, String> llm = new LinkedHashMap<>(Map.of("provider", wire.providerId(), "model", "model-a",
                "base_url", wire.baseUrl(server), "api_key", KEY, "timeout", "10s", "max_retries", "3"));
        if (!fallbacks.isEmpty()) {
            llm.put("fallback_models", fallbacks);
        }
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of(), llm, Map.of(), dir.resolve("output"));
        return LlmDoctor.of(config, List.of(wire.provider(Map.of(), RetryPolicy.withBaseDelay(Duration.ofMillis(5)))),
                Map.of()).orElseThrow();
    }

    private void replyToolCall(WireFormat wire, String model, String arguments) {
        server.enqueue(wire.chatPath(), Reply.json(200, wire.toolCallsReply(model,
                List.of(new ToolCall("call-1", LlmDoctor.TOOL, arguments)), 40, 8)));
    }

    private void listModels(WireFormat wire, String model, long context) {
        if (wire == WireFormat.OPENAI) {
            server.enqueue("/v1/models", Reply.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"other\",\"object\":"
                    + "\"model\",\"created\":1,\"owned_by\":\"x\",\"context_length\":8192},{\"id\":\"" + model
                    + "\",\"object\":\"model\",\"created\":1,\"owned_by\":\"x\",\"context_length\":" + context + "}]}"));
        } else {
            server.enqueue("/v1/models/" + model, Reply.json(200, "{\"type\":\"model\",\"id\":\"" + model
                    + "\",\"display_name\":\"A\",\"created_at\":\"2025-01-01T00:00:00Z\",\"max_input_tokens\":"
                    + context + "}"));
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aHealthyModelTakesTheKeyCallsTheToolAndListsItsContext(WireFormat wire) {
        replyToolCall(wire, "model-a", "{\"status\":\"ok\"}");
        listModels(wire, "model-a", 131072);

        List<ModelCheck> checks = doctor(wire, "").examine();

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo(wire.providerId());
            assertThat(c.model()).isEqualTo("model-a");
            assertThat(c.key()).isEqualTo(ModelCheck.KeyStatus.ACCEPTED);
            assertThat(c.tools()).isEqualTo(ModelCheck.ToolStatus.OK);
            assertThat(c.context()).hasValue(131072);
            assertThat(c.detail()).isEmpty();
            assertThat(c.passed()).isTrue();
        });
        // One probe: one tool offered, asked for by name, with a small answer limit.
        String sent = server.request(0).body();
        assertThat(WireFormat.json(sent).path("tools")).hasSize(1);
        assertThat(sent).contains(LlmDoctor.TOOL, "\"status\"");
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aRefusedKeyIsSaidSoAndNeverShown(WireFormat wire) {
        server.enqueue(wire.chatPath(), Reply.json(401, wire.errorReply("Incorrect API key provided: " + KEY)));

        ModelCheck check = doctor(wire, "").check("model-a");

        assertThat(check.key()).isEqualTo(ModelCheck.KeyStatus.REFUSED);
        assertThat(check.key().label()).isEqualTo("key refused");
        assertThat(check.passed()).isFalse();
        assertThat(check.context()).isEmpty();
        assertThat(check.detail()).contains("refused the API key", "401").doesNotContain(KEY);
        assertThat(check.toString()).doesNotContain(KEY);
        // No retry and no model listing after a refused key.
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aModelAnsweringInTextFailsTheToolCheckAndAnUnlistedContextIsUnknown() {
        WireFormat wire = WireFormat.OPENAI;
        server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-a", "Status: ok.", 30, 4)));

        ModelCheck check = doctor(wire, "").check("model-a");

        assertThat(check.key()).isEqualTo(ModelCheck.KeyStatus.ACCEPTED);
        assertThat(check.tools()).isEqualTo(ModelCheck.ToolStatus.NO_TOOL_CALL);
        assertThat(check.detail()).isEqualTo("answered in text instead of calling report_status: Status: ok.");
        assertThat(check.context()).isEmpty();
        assertThat(check.passed()).isFalse();
    }

    @Test
    void argumentsThatAreNotAJsonObjectFailTheToolCheck() {
        WireFormat wire = WireFormat.OPENAI;
        replyToolCall(wire, "model-a", "status=ok");

        ModelCheck check = doctor(wire, "").check("model-a");

        assertThat(check.tools()).isEqualTo(ModelCheck.ToolStatus.BAD_ARGUMENTS);
        assertThat(check.detail()).contains("not a JSON object: status=ok");
    }

    @Test
    void anUnreachableFallbackFailsOnItsOwnWithoutRetriesWhileThePrimaryPasses() {
        WireFormat wire = WireFormat.OPENAI;
        replyToolCall(wire, "model-a", "{\"status\":\"ok\"}");
        server.enqueue(wire.chatPath(), Reply.json(503, wire.errorReply("model-b is overloaded")));

        LlmDoctor doctor = doctor(wire, "model-b, model-a");
        List<ModelCheck> checks = doctor.examine();

        assertThat(doctor.models()).containsExactly("model-a", "model-b");
        assertThat(checks).extracting(ModelCheck::model).containsExactly("model-a", "model-b");
        assertThat(checks.get(0).passed()).isTrue();
        ModelCheck fallback = checks.get(1);
        assertThat(fallback.passed()).isFalse();
        assertThat(fallback.key()).isEqualTo(ModelCheck.KeyStatus.UNKNOWN);
        assertThat(fallback.tools()).isEqualTo(ModelCheck.ToolStatus.FAILED);
        assertThat(fallback.detail()).contains("model-b", "HTTP 503");
        // The fallback was asked once (max_retries does not apply), and never stood in for another model.
        List<String> asked = server.requests().stream().filter(r -> r.path().equals(wire.chatPath()))
                .map(r -> WireFormat.json(r.body()).path("model").asText()).toList();
        assertThat(asked).containsExactly("model-a", "model-b");
    }

    @Test
    void aProviderNeedingAKeyThatHasNoneSaysWhichVariableToSetAndSendsNothing() {
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of(),
                Map.of("provider", "openai", "model", "gpt-test"), Map.of(), dir.resolve("output"));
        LlmDoctor doctor = LlmDoctor.of(config, List.of(WireFormat.OPENAI.provider(Map.of(), RetryPolicy.DEFAULT)),
                Map.of()).orElseThrow();

        ModelCheck check = doctor.check("gpt-test");

        assertThat(check.key()).isEqualTo(ModelCheck.KeyStatus.MISSING);
        assertThat(check.tools()).isEqualTo(ModelCheck.ToolStatus.NOT_CHECKED);
        assertThat(check.detail()).contains("OPENAI_API_KEY");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void withoutAnLlmSectionThereIsNoDoctor() {
        OsirisConfig config = OsirisConfig.empty(dir);
        assertThat(LlmDoctor.of(config, List.of(), Map.of())).isEmpty();
    }
}
