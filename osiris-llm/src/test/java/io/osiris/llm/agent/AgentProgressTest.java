package io.osiris.llm.agent;

import static io.osiris.llm.agent.ChatAgentConversationTest.call;
import static io.osiris.llm.agent.ChatAgentConversationTest.preview;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.llm.testing.WireFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A turn tells its listener of each model call and tool call, in the order they happen. */
class AgentProgressTest {
    @TempDir
    Path dir;

    @Test
    void theListenerHearsEveryModelCallAndToolCallInOrder() throws Exception {
        List<String> heard = new ArrayList<>();
        AgentProgress listener = new AgentProgress() {
            @Override
            public void modelCall(int n) {
                heard.add("model " + n);
            }

            @Override
            public void toolStarted(String tool, String arguments) {
                heard.add("start " + tool + " " + arguments);
            }

            @Override
            public void toolFinished(String tool, long millis, boolean error) {
                assertThat(millis).isNotNegative();
                heard.add("end " + tool + (error ? " error" : " ok"));
            }
        };
        try (AgentHarness h = new AgentHarness(dir, WireFormat.OPENAI)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).progress(listener).build();
            h.replyTools(call("d", "describe_table", "{\"table\":\"movies\"}"),
                    call("x", "describe_table", "{\"table\":\"no_such_table\"}"));
            h.replyTools(call("q", "preview_query", preview("SELECT   title\n FROM movies")));
            h.replyText("Done.");

            agent.send("Which movies are there?");
        }
        assertThat(heard).containsExactly(
                "model 1",
                "start describe_table table=movies", "end describe_table ok",
                "start describe_table table=no_such_table", "end describe_table error",
                "model 2",
                "start preview_query sql=SELECT title FROM movies", "end preview_query ok",
                "model 3");
    }

    @Test
    void longArgumentsAreCutToOneShortLine() {
        String summary = ToolArguments.summary("{\"pipeline_yaml\":\"" + "x".repeat(200) + "\",\"summary\":\"s\"}");
        assertThat(summary).startsWith("pipeline_yaml=xxx").contains("…").hasSizeLessThanOrEqualTo(80);
        assertThat(ToolArguments.summary("not json")).isEqualTo("not json");
        assertThat(ToolArguments.summary("")).isEmpty();
    }
}
