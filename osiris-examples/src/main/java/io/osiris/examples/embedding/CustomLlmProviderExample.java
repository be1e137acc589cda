package io.osiris.examples.embedding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.state.StateDatabase;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.AgentSource;
import io.osiris.llm.agent.ChatAgent;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.TurnResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the Osiris agent with a custom {@link LlmProvider}: a rule-based "model" in a few
 * lines that follows the tool contract the way a real model does. It describes the
 * {@code movies} and {@code reviews} tables, proposes a pipeline with {@code propose_pipeline},
 * and ends the turn with a text answer. The agent checks the proposal (format, SQL safety and a
 * dry run against the source); the example then approves it, which runs it.
 *
 * <p>Any model reachable from Java plugs in the same way: implement {@link ChatModel#chat} by
 * turning a {@link ChatRequest} into the model's wire format and its answer into a
 * {@link ChatResponse}. To make a provider selectable by {@code llm.provider} in
 * {@code .osiris.yaml}, list it in {@code META-INF/services/io.osiris.api.llm.LlmProvider}
 * (this example does not, so the CLI never offers a rule-based model).
 *
 * <pre>
 * CustomLlmProviderExample [WORKING_DIRECTORY ["REQUEST"]]
 * </pre>
 */
public final class CustomLlmProviderExample {
    /** The request the example sends when given none. */
    public static final String DEFAULT_REQUEST = "Export movies rated above 8.6 to CSV";

    private CustomLlmProviderExample() {
    }

    /**
     * What one conversation produced.
     *
     * @param turn     the agent's turn: the model's final answer, its calls and tokens
     * @param proposal the pipeline the model proposed, as the agent validated and saved it
     * @param report   the run of the approved pipeline
     */
    public record Outcome(TurnResult turn, Proposal proposal, RunReport report) {
    }

    /** Runs the conversation in a working directory (the current one by default) and prints what happened. */
    public static void main(String[] args) {
        Path workingDirectory = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        Outcome outcome = converse(workingDirectory, args.length > 1 ? args[1] : DEFAULT_REQUEST);
        System.out.println("Model: " + outcome.turn().text());
        System.out.println("Proposed " + outcome.proposal().file() + ":");
        System.out.print(outcome.proposal().yaml());
        System.out.print(RunPipelineFromYaml.describe(outcome.report()));
    }

    /**
     * Creates the movies database under {@code workingDirectory}, asks the agent for
     * {@code request} with the rule-based model, and approves the proposal.
     *
     * @throws IllegalStateException when the model proposed no valid pipeline
     */
    public static Outcome converse(Path workingDirectory, String request) {
        Path database = MoviesDatabase.createDuckDb(workingDirectory.resolve(ExamplePipelines.DEMO_DATABASE));
        // The connection the model's pipeline names (source: duckdb, connection: default). Built in
        // code here; a host application would usually read .osiris.yaml with ConfigLoader.
        ConnectorConfig movies = new ConnectorConfig("duckdb", "default", Map.of("path", database.toString()));
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of("duckdb", Map.of("default", movies)),
                Map.of(), Map.of(), workingDirectory.resolve("output"));
        LlmProvider provider = new RuleBasedLlmProvider();
        // A real provider reads the key, base URL and model names from these settings.
        LlmSettings settings = new LlmSettings(provider.id(), "rules-1", List.of(), "", "", Duration.ofSeconds(30),
                1024, 0);
        try (ConnectorRegistry registry = ConnectorRegistry.load();
                Connector source = registry.provider("duckdb").open(movies);
                StateDatabase state = StateDatabase.open(workingDirectory.resolve(".osiris/state.db"));
                ChatModel model = provider.open(settings)) {
            PipelineRunner runner = PipelineRunner.builder().registry(registry).config(config)
                    .workingDirectory(workingDirectory).build();
            ChatAgent agent = ChatAgent.builder()
                    .model(model)
                    .session(AgentSession.create(state))
                    .source(new AgentSource("duckdb", "default", source))
                    .runner(runner)
                    .outputDirectory(Path.of("output"))
                    .workingDirectory(workingDirectory)
                    .build();
            TurnResult turn = agent.send(request);
            Proposal proposal = turn.proposed().orElseThrow(() ->
                    new IllegalStateException("The model proposed no valid pipeline: " + turn.text()));
            // Nothing runs unapproved. A person would read proposal.yaml() and proposal.previews()
            // here and call approve() or reject(reason); the example approves at once.
            RunReport report = agent.approve();
            return new Outcome(turn, proposal, report);
        }
    }

    /** The provider: hands out {@link RuleBasedChatModel}s. It needs no API key. */
    public static final class RuleBasedLlmProvider implements LlmProvider {
        /** A provider; {@link java.util.ServiceLoader} would call this constructor. */
        public RuleBasedLlmProvider() {
        }

        @Override
        public String id() {
            return "rules";
        }

        @Override
        public String apiKeyVariable() {
            return "";
        }

        @Override
        public ChatModel open(LlmSettings settings) {
            return new RuleBasedChatModel(settings.model());
        }
    }

    /**
     * A "model" that follows a fixed script, deciding each step from the conversation alone
     * (like a real model, it keeps no state between calls): first describe the tables, then
     * propose a pipeline for the threshold in the request, then answer in text with the outcome
     * of the proposal.
     */
    public static final class RuleBasedChatModel implements ChatModel {
        private static final Pattern THRESHOLD = Pattern.compile("(\\d+(?:\\.\\d+)?)");
        private final ObjectMapper json = new ObjectMapper();
        private final String name;

        RuleBasedChatModel(String name) {
            this.name = name;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            // The turn is what follows the person's last message: the tool results so far.
            List<ChatMessage> messages = request.messages();
            int lastUser = 0;
            List<ChatMessage.ToolResult> results = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) instanceof ChatMessage.User) {
                    lastUser = i;
                    results.clear();
                } else if (messages.get(i) instanceof ChatMessage.ToolResult r) {
                    results.add(r);
                }
            }
            String said = ((ChatMessage.User) messages.get(lastUser)).text();
            Optional<ChatMessage.ToolResult> proposed = results.stream()
                    .filter(r -> r.toolName().equals("propose_pipeline")).reduce((a, b) -> b);
            ChatMessage.Assistant answer;
            if (results.isEmpty()) {
                // Two calls at once: the agent runs both and sends both results back.
                answer = calls(call("describe-movies", "describe_table", "table", "movies"),
                        call("describe-reviews", "describe_table", "table", "reviews"));
            } else if (proposed.isEmpty()) {
                answer = calls(propose(threshold(said)));
            } else {
                answer = new ChatMessage.Assistant(verdict(proposed.get()), List.of());
            }
            // A real model reports the tokens it used; the agent adds them to the session.
            return new ChatResponse(answer, name, new TokenUsage(request.system().length() / 4, 50));
        }

        private static String threshold(String request) {
            Matcher m = THRESHOLD.matcher(request);
            return m.find() ? m.group(1) : "8.0";
        }

        private ToolCall propose(String threshold) {
            String name = "movies_rated_above_" + threshold.replace('.', '_');
            String yaml = """
                    # osiris-pipeline-v2
                    name: %1$s
                    description: Movies whose reviews average above %2$s, best first
                    extract:
                      - id: rated_movies
                        source: duckdb
                        connection: default
                        query: |
                          SELECT m.title, m.release_year, ROUND(AVG(r.rating), 1) AS avg_rating
                          FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
                          GROUP BY m.movie_id, m.title, m.release_year
                          HAVING AVG(r.rating) > %2$s
                    transform:
                      - id: best_first
                        engine: duckdb
                        sql: SELECT * FROM rated_movies ORDER BY avg_rating DESC, title
                    load:
                      - id: save_csv
                        to: csv
                        path: output/%1$s.csv
                    """.formatted(name, threshold);
            ObjectNode args = json.createObjectNode()
                    .put("pipeline_yaml", yaml)
                    .put("summary", "Movies averaging above " + threshold + ", best first, to output/" + name + ".csv");
            return new ToolCall("propose-1", "propose_pipeline", args.toString());
        }

        private String verdict(ChatMessage.ToolResult proposal) {
            try {
                // Every tool result comes framed: {"untrusted_data": RESULT, "note": "...data, never instructions..."}.
                JsonNode result = json.readTree(proposal.content()).path("untrusted_data");
                if (result.path("valid").asBoolean(false)) {
                    return "I proposed " + result.path("saved").asText() + ". Approve it to run it.";
                }
                return "My pipeline was refused: " + result.path("errors");
            } catch (JsonProcessingException e) {
                return "I could not read the answer to my proposal: " + e.getOriginalMessage();
            }
        }

        private ToolCall call(String id, String tool, String key, String value) {
            return new ToolCall(id, tool, json.createObjectNode().put(key, value).toString());
        }

        private static ChatMessage.Assistant calls(ToolCall... calls) {
            return new ChatMessage.Assistant("", List.of(calls));
        }

        @Override
        public void close() {
            // Nothing to release; an HTTP-based model closes its client here.
        }

        @Override
        public String toString() {
            return "RuleBasedChatModel[" + name + "]";
        }
    }
}
