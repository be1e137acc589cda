package io.osiris.llm.eval;

import static java.util.Objects.requireNonNull;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.Step;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.SqlDraft;
import io.osiris.llm.agent.TurnResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Measures an agent on a {@link GoldenSet}: each question goes to a fresh session in fast mode
 * (no clarifying questions), the pipeline it proposes runs, and its rows are compared with the
 * rows of the reference query (or the rows given), run the same way on the same source.
 *
 * <p>Nothing lands in the project: proposals, outputs and sessions go to a scratch directory
 * removed afterwards; only the schema cache of the project's state file is shared, as a chat
 * would share it. The agent does not see the project's approved work, so no answer comes from memory.
 *
 * <pre>{@code
 * try (ChatModel model = ChatModels.open(osiris.config()).orElseThrow()) {
 *     EvalReport report = new Evaluator(osiris, model, "gpt-4.1").run(GoldenSet.read(file), score -> { });
 *     System.out.println(report.accuracy());
 * }
 * }</pre>
 */
public final class Evaluator {
    private final Osiris osiris;
    private final ChatModel model;
    private final String modelName;

    /** An evaluator of {@code model} (named {@code modelName} in reports) on the sources of {@code osiris}. */
    public Evaluator(Osiris osiris, ChatModel model, String modelName) {
        this.osiris = requireNonNull(osiris, "osiris");
        this.model = requireNonNull(model, "model");
        this.modelName = requireNonNull(modelName, "modelName");
    }

    /**
     * Asks every question of {@code set}, handing each score to {@code progress} as it is known.
     *
     * @throws io.osiris.api.ConfigurationException when the set's source is not configured
     */
    public EvalReport run(GoldenSet set, Consumer<EvalReport.Score> progress) {
        osiris.config().requireConnection(set.sourceType(), set.connection());
        Path scratch = createScratch();
        try (Osiris scoped = scoped(scratch); StateDatabase sessions = StateDatabase.open(scratch.resolve("sessions.db"))) {
            UnknownIdentifiers identifiers = schemaOf(set);
            List<EvalReport.Score> scores = new ArrayList<>();
            for (GoldenSet.Question question : set.questions()) {
                EvalReport.Score score = ask(scoped, sessions, set, question, identifiers);
                scores.add(score);
                progress.accept(score);
            }
            return new EvalReport(set.name(), modelName, scores);
        } finally {
            delete(scratch);
        }
    }

    private EvalReport.Score ask(Osiris scoped, StateDatabase sessions, GoldenSet set, GoldenSet.Question question,
            UnknownIdentifiers identifiers) {
        long start = System.nanoTime();
        long tokens = 0;
        int calls = 0;
        int unknown = 0;
        Optional<String> why;
        try (OsirisChat chat = OsirisChat.open(scoped, AgentSession.create(sessions), set.sourceType(),
                set.connection())) {
            TurnResult turn = chat.closedBookAgent(model).send(question.question());
            tokens = turn.usage().inputTokens() + turn.usage().outputTokens();
            calls = turn.modelCalls();
            if (turn.proposed().isEmpty()) {
                why = Optional.of("no pipeline proposed" + firstLine(turn.text()));
            } else {
                Pipeline proposed = chat.approved(turn.proposal());
                unknown = unknownIn(proposed, identifiers).size();
                ResultRows actual = rowsOf(scoped, proposed);
                ResultRows expected = question.rows().map(ResultRows::ofValues).orElseGet(() -> rowsOf(scoped,
                        scoped.validate(SqlDraft.yaml("reference_" + safe(question.id()), chat.source(),
                                question.sql().orElseThrow(), scoped.outputDirectoryName()),
                                set.name() + " question " + question.id())));
                why = actual.matches(expected, question.ordered()) ? Optional.empty()
                        : Optional.of(actual.differenceFrom(expected));
            }
        } catch (OsirisException e) {
            why = Optional.of(firstLine(e.getMessage()).replaceFirst("^: ", ""));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvalReport.Score(question.id(), why.isEmpty(), unknown, tokens, calls, seconds, why);
    }

    /**
     * The rows a pipeline gives: those its last load writes, written instead to a CSV file in the
     * scratch directory, so that an evaluation never writes where the proposal would (a file of
     * the project, a database table).
     */
    private static ResultRows rowsOf(Osiris scoped, Pipeline pipeline) {
        LoadStep last = pipeline.loads().get(pipeline.loads().size() - 1);
        Path answer = scoped.config().outputDirectory().resolve("answer_" + System.nanoTime() + ".csv");
        LoadStep toScratch = new LoadStep("answer", last.from(), "csv", "default", answer.toString(), "",
                WriteMode.REPLACE, List.of());
        scoped.run(new Pipeline(pipeline.name(), pipeline.version(), pipeline.description(), pipeline.extracts(),
                pipeline.transforms(), List.of(toScratch), pipeline.vars()));
        return ResultRows.ofFile(answer, LoadTarget.CSV);
    }

    private Set<String> unknownIn(Pipeline pipeline, UnknownIdentifiers identifiers) {
        List<String> steps = Stream.concat(pipeline.extracts().stream(), pipeline.transforms().stream())
                .map(Step::id).toList();
        Set<String> unknown = new TreeSet<>();
        for (ExtractStep extract : pipeline.extracts()) {
            if (extract.extraction() instanceof Extraction.Query query) {
                unknown.addAll(identifiers.in(query.sql(), List.of()));
            }
        }
        for (TransformStep transform : pipeline.transforms()) {
            unknown.addAll(identifiers.in(transform.sql(), steps));
        }
        return unknown;
    }

    private UnknownIdentifiers schemaOf(GoldenSet set) {
        return osiris.withSource(set.sourceType(), set.connection(), source -> {
            List<TableInfo> tables = source.discovery().describeAll(false);
            return new UnknownIdentifiers(tables.stream().map(TableInfo::name).toList(),
                    tables.stream().flatMap(t -> t.columns().stream()).map(c -> c.name()).toList());
        });
    }

    /** The project's Osiris, writing its outputs and proposals to {@code scratch} instead of the project. */
    private Osiris scoped(Path scratch) {
        OsirisConfig c = osiris.config();
        List<Path> outside = new ArrayList<>(c.allowedOutside());
        outside.add(scratch);
        OsirisConfig config = new OsirisConfig(c.file(), c.version(), c.connections(), c.llm(), c.discovery(),
                scratch, outside, c.limits());
        return Osiris.configure().workingDirectory(osiris.workingDirectory()).config(config)
                .registry(osiris.registry()).load();
    }

    private static Path createScratch() {
        try {
            return Files.createTempDirectory("osiris-eval-").toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for the evaluation", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A scratch directory left in the temp directory is harmless.
        }
    }

    private static String safe(String id) {
        return id.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "" : ": " + (line.length() > 120 ? line.substring(0, 117) + "..." : line);
    }
}
