package io.osiris.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.ConfigurationException;
import io.osiris.api.llm.ChatModel;
import io.osiris.core.Osiris;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.eval.EvalReport;
import io.osiris.llm.eval.Evaluator;
import io.osiris.llm.eval.GoldenSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris eval SET.yaml}: asks the configured model every question of a golden set and
 * scores its pipelines' rows against the reference answers.
 */
@Command(name = "eval", description = {"Measure the agent on a golden set: each question goes to the configured",
        "model, the pipeline it proposes runs, and its rows are compared with the reference answer."},
        footer = {"", "A golden set is YAML: name, source: TYPE[.NAME], questions: [{id, question, sql | rows, ordered}].",
                "Nothing is written to the project or to any database: answers go to a scratch directory.", "",
                "Examples:", "  osiris eval osiris-examples/src/main/resources/io/osiris/examples/eval/movies.yaml",
                "  osiris eval movies.yaml --source mysql --json", "",
                "Exit codes: 0 done (and at least --min-accuracy), 1 below --min-accuracy, 2 bad set or no model."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", paramLabel = "SET", description = "The golden set (YAML).")
    Path set;

    @Option(names = "--source", paramLabel = "TYPE[.NAME]", description = "Ask about this connection instead of the set's source.")
    String source;

    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;

    @Option(names = "--min-accuracy", paramLabel = "SHARE", description = "Exit 1 when the accuracy is below this (0 to 1).")
    Double minAccuracy;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = OsirisCli.progress(root, spec);
        GoldenSet golden = GoldenSet.read(set);
        if (source != null) {
            golden = golden.on(source);
        }
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, Path.of("")))) {
            var unavailable = ChatModels.unavailable(osiris.config(), System.getenv());
            if (!ChatModels.configured(osiris.config()) || unavailable.isPresent()) {
                throw new ConfigurationException("osiris eval measures the configured model, and "
                        + unavailable.map(why -> "it cannot be used (" + why + ")")
                        .orElse("none is configured (llm: in .osiris.yaml)") + ".");
            }
            String modelName = ChatModels.settings(osiris.config().llm()).model();
            EvalReport report;
            try (ChatModel model = ChatModels.open(osiris.config()).orElseThrow()) {
                progress.println("Asking " + modelName + " " + golden.questions().size() + " questions of "
                        + golden.name() + " about " + golden.sourceType() + "." + golden.connection() + "...");
                progress.flush();
                report = new Evaluator(osiris, model, modelName).run(golden, score -> {
                    progress.println("  " + (score.correct() ? "right" : "wrong") + "  " + score.id()
                            + score.why().map(w -> ": " + w).orElse(""));
                    progress.flush();
                });
            }
            if (json) {
                out.println(json(report));
            } else {
                print(out, report);
            }
            return minAccuracy != null && report.accuracy() < minAccuracy ? 1 : 0;
        }
    }

    private static void print(PrintWriter out, EvalReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"question", "correct", "unknown ids", "tokens", "calls", "seconds"});
        for (EvalReport.Score s : report.questions()) {
            rows.add(new String[] {s.id(), s.correct() ? "yes" : "no", String.valueOf(s.unknownIdentifiers()),
                    String.valueOf(s.tokens()), String.valueOf(s.calls()), String.format(Locale.ROOT, "%.1f", s.seconds())});
        }
        Table.print(out, rows);
        long right = report.questions().stream().filter(EvalReport.Score::correct).count();
        out.printf(Locale.ROOT, "accuracy: %.1f%% (%d of %d) on %s with %s%n", report.accuracy() * 100, right,
                report.questions().size(), report.set(), report.model());
    }

    /** The report as DESIGN.md fixes it: {set, model, questions: [{id, correct, unknown_identifiers, tokens, calls, seconds}], accuracy}. */
    static String json(EvalReport report) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode().put("set", report.set()).put("model", report.model());
        ArrayNode questions = root.putArray("questions");
        for (EvalReport.Score s : report.questions()) {
            ObjectNode q = questions.addObject().put("id", s.id()).put("correct", s.correct())
                    .put("unknown_identifiers", s.unknownIdentifiers()).put("tokens", s.tokens()).put("calls", s.calls())
                    .put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
            s.why().ifPresent(w -> q.put("why", w));
        }
        root.put("accuracy", report.accuracy());
        return root.toString();
    }
}
