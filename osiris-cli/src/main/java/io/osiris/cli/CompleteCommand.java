package io.osiris.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.osiris.api.template.Template;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.history.RunHistory;
import io.osiris.core.history.RunRecord;
import io.osiris.core.state.StateDatabase;
import io.osiris.core.template.Templates;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.SessionSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris __complete KIND}, hidden: the values the completion script ({@link CompletionCommand})
 * offers, read when the user presses Tab, one per line on stdout. It never fails loudly: an
 * unknown kind, a missing or broken config or state file give no candidates and exit 0. It
 * reads files only, without resolving {@code ${VAR}}s, opening a connection or creating a file.
 *
 * <p>Kinds: {@code connections} ({@code TYPE} and {@code TYPE.NAME} of {@code .osiris.yaml}, as
 * {@code --source} takes them), {@code templates}, {@code sessions} (ids in the state file),
 * {@code pipelines} (YAML files under the working directory that start with the magic comment).
 * A command adds a kind with one entry in {@link #KINDS} and one case in the script's
 * {@code _osiris_value_kind} ({@code completion-values.bash}); {@code runs} is wired there for
 * {@code osiris runs show ID}, for the run history to fill.
 */
@Command(name = "__complete", hidden = true, description = "Completion candidates of a KIND, one per line.")
final class CompleteCommand implements Callable<Integer> {
    /** How deep {@code pipelines} looks under the working directory. */
    private static final int PIPELINE_DEPTH = 3;

    /** How many run ids {@code runs show} completes. */
    private static final int RUN_IDS = 50;
    private static final Map<String, Function<CompleteCommand, List<String>>> KINDS = Map.of(
            "connections", CompleteCommand::connections,
            "templates", c -> Templates.catalog().stream().map(Template::name).toList(),
            "sessions", CompleteCommand::sessions,
            "runs", CompleteCommand::runs,
            "pipelines", c -> pipelines(Path.of("")));

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", defaultValue = "")
    String kind;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            KINDS.getOrDefault(kind, c -> List.of()).apply(this).forEach(out::println);
        } catch (RuntimeException e) {
            // A Tab press must never print an error into the person's command line.
        }
        out.flush();
        return 0;
    }

    /** The config file in use, if there is one ({@code --config}, {@code $OSIRIS_CONFIG}, {@code ./.osiris.yaml}). */
    private Optional<Path> configFile() {
        return ConfigLoader.locate(root == null ? null : root.configFile, System.getenv(), Path.of(""));
    }

    private List<String> connections() {
        Optional<Path> file = configFile();
        if (file.isEmpty()) {
            return List.of();
        }
        JsonNode connections;
        try {
            connections = new YAMLMapper().readTree(file.get().toFile()).path("connections");
        } catch (IOException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> types = connections.fields(); types.hasNext();) {
            Map.Entry<String, JsonNode> type = types.next();
            names.add(type.getKey());
            type.getValue().fieldNames().forEachRemaining(name -> names.add(type.getKey() + "." + name));
        }
        return names;
    }

    private List<String> sessions() {
        return fromState(db -> AgentSession.list(db).stream().map(SessionSummary::id).toList());
    }

    /** The ids of the newest runs, newest first. */
    private List<String> runs() {
        return fromState(db -> RunHistory.of(db).list(RUN_IDS).stream().map(RunRecord::id).toList());
    }

    private List<String> fromState(Function<StateDatabase, List<String>> read) {
        Path state = configFile().map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath())
                .resolve(StateDatabase.DIRECTORY).resolve(StateDatabase.FILE_NAME);
        if (!Files.isRegularFile(state)) {
            return List.of(); // opening it would create it
        }
        try (StateDatabase db = StateDatabase.open(state)) {
            return read.apply(db);
        }
    }

    /** Pipeline files under {@code directory}: {@code .yaml}/{@code .yml} whose first line is the magic comment. */
    static List<String> pipelines(Path directory) {
        try (Stream<Path> files = Files.walk(directory, PIPELINE_DEPTH, new FileVisitOption[0])) {
            return files.filter(f -> !hidden(directory.relativize(f)))
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(CompleteCommand::startsAsAPipeline)
                    .map(f -> directory.relativize(f).toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") && !name.equals(".") || name.equals("target") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsAsAPipeline(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.strip().startsWith("# osiris-pipeline");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
