package io.osiris.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.template.ParameterType;
import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateMatch;
import io.osiris.api.template.TemplateParameter;
import io.osiris.core.Osiris;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.core.template.TemplateEngine;
import io.osiris.core.write.FileMoves;
import io.osiris.llm.agent.Proposal;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris generate [INTENT] [--source TYPE[.NAME]] [--sql SQL | --template NAME --params ...]
 * [--skip-clarification] [--dry-run] [-o FILE]}: writes a pipeline. A sentence goes to the
 * configured model ({@link ModelGeneration}): {@code --skip-clarification} has it assume defaults,
 * and without it a question from the model is printed with how to answer it. With no model (or a
 * file source), the sentence is matched against the templates, and stderr says so. {@code --sql}
 * and {@code --template} never use a model. Missing template parameters are asked for on a
 * terminal; otherwise (or with {@code --skip-clarification}) defaults apply and anything still
 * missing is an error that lists it. The pipeline goes to stdout, or to FILE (written
 * atomically); nothing is written when it fails to validate.
 */
@Command(name = "generate", description = {"Write a pipeline from a sentence, SQL, or a template.",
        "A sentence goes to the LLM when one is configured, else it is matched against the templates."},
        footer = {"", "Examples:",
                "  osiris generate \"top 10 movies by box office\" --skip-clarification",
                "  osiris generate \"top 10 movies by box office\" --source duckdb:movies.duckdb",
                "  osiris generate --template top_n --params table=movies order_by=box_office_musd n=5",
                "  osiris generate --sql \"SELECT title FROM movies\" -o movies.yaml",
                "", "Exit codes: 0 success (or a question from the model, printed), 1 source or model unreachable,"
                        + " or no pipeline with --skip-clarification, 2 refused SQL, bad or missing parameters."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INTENT", description = "What the pipeline should do.")
    String intent;

    @Option(names = "--source", paramLabel = "TYPE[.NAME]",
            description = "The source: a connection (mysql.default), a type with one connection, or TYPE:PATH "
                    + "for a database file (duckdb:movies.duckdb).")
    String source;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--sql", paramLabel = "SQL", description = "Extract the rows of this SELECT statement.")
        String sql;

        @Option(names = "--template", paramLabel = "NAME", description = "Use this template (see osiris templates).")
        String template;
    }

    @Option(names = "--params", arity = "1..*", paramLabel = "JSON|k=v",
            description = "Template parameters: one JSON object, or key=value pairs.")
    List<String> params = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "The pipeline name ([a-z0-9_]+).")
    String name;

    @Option(names = "--skip-clarification", description = "Never ask: the model (or the template) assumes defaults;"
            + " fail on anything still missing.")
    boolean skipClarification;

    @Option(names = "--dry-run", description = "Check the pipeline against the live source before writing it.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the pipeline to FILE, not stdout.")
    Path output;

    /** Where questions are asked; a terminal, or none. */
    Console console = System.console();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (mode.sql == null && mode.template == null && (intent == null || intent.isBlank())) {
            err.println("osiris generate: say what you want (INTENT), or give --sql SQL or --template NAME.");
            err.println("See 'osiris templates' for the templates.");
            return 2;
        }
        if (mode.template == null && !params.isEmpty()) {
            err.println("osiris generate: --params goes with --template NAME.");
            return 2;
        }
        ProgressDisplay display = ProgressDisplay.of(root, spec);
        try (Osiris osiris = OsirisCli.load(root, display.attachTo(OsirisCli.configure(root, Path.of(""))))) {
            String yaml;
            SourceSelection.Choice chosen = SourceSelection.choose(osiris.config(), source);
            Optional<String> noModel = ModelGeneration.unusable(osiris.config(), chosen);
            if (mode.sql == null && mode.template == null && noModel.isEmpty()) {
                Optional<Proposal> proposed = new ModelGeneration(osiris, err, ToolProgress.of(root, spec))
                        .generate(chosen, name == null ? intent : intent + "\n(Name the pipeline " + name + ".)",
                                skipClarification);
                if (proposed.isEmpty()) {
                    err.flush();
                    return skipClarification ? 1 : 0;
                }
                yaml = proposed.get().yaml();
            } else {
                try (Osiris.Source opened = SourceSelection.open(osiris, chosen)) {
                    TemplateEngine engine = opened.templates();
                    yaml = mode.sql != null ? engine.fromSql(name == null ? "query" : name, mode.sql)
                            : fromTemplate(engine, opened, err, noModel.orElse(""));
                }
            }
            Pipeline pipeline = osiris.parser().parse(yaml, "generated pipeline");
            if (dryRun) {
                RunReport report = osiris.dryRun(pipeline);
                err.println("dry run of " + report.pipeline() + ": the source accepts it");
                for (StepReport s : report.steps()) {
                    err.println("  " + s.kind() + " " + s.id() + " -> " + s.target() + " " + s.columns());
                }
            }
            write(yaml, out, err);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private void write(String yaml, PrintWriter out, PrintWriter err) throws IOException {
        if (output != null) {
            writeAtomically(output, yaml);
            err.println("wrote " + output + " (run it with: osiris run " + output + ")");
        } else {
            out.print(yaml);
        }
    }

    /** The template's pipeline; {@code noModel} says why a sentence was not given to the model. */
    private String fromTemplate(TemplateEngine engine, Osiris.Source opened, PrintWriter err, String noModel) {
        Template template;
        Map<String, Object> values = new LinkedHashMap<>();
        if (mode.template != null) {
            template = engine.template(mode.template);
            values.putAll(parseParams(params));
        } else {
            TemplateMatch match = engine.match(intent).orElseThrow(() -> new ValidationException(List.of(
                    new Problem("", "INTENT", 0, (noModel.isEmpty() ? "" : noModel + ": ") + "no template fits '" + intent + "'. See 'osiris templates', "
                            + "or use --template NAME --params ..., or --sql SQL."))));
            template = match.template();
            values.putAll(match.params());
            err.println(noModel + ": matched template " + template.name() + " (score " + match.score() + ")"
                    + (values.isEmpty() ? "" : ": " + values.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        }
        if (name != null) {
            values.put("name", name);
        }
        List<String> missing = TemplateEngine.missing(template, values);
        if (!missing.isEmpty() && !skipClarification && console != null) {
            for (String parameter : missing) {
                TemplateParameter p = template.parameters().stream().filter(x -> x.name().equals(parameter))
                        .findFirst().orElseThrow();
                String hint = hint(p, values, opened);
                String answer = console.readLine("%s (%s)%s: ", p.name(), p.description(), hint);
                if (answer != null && !answer.isBlank()) {
                    values.put(p.name(), answer.trim());
                }
            }
            missing = TemplateEngine.missing(template, values);
        }
        if (!missing.isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            for (String parameter : missing) {
                TemplateParameter p = template.parameters().stream().filter(x -> x.name().equals(parameter))
                        .findFirst().orElseThrow();
                problems.add(new Problem("", parameter, 0, "template " + template.name() + " needs '" + parameter
                        + "' (" + p.description() + ")" + hint(p, values, opened)
                        + "; give it with --template " + template.name() + " --params " + parameter + "=..."));
            }
            throw new ValidationException(problems);
        }
        return engine.apply(template, values);
    }

    /** What a parameter may be: the tables, the columns of the chosen table, or the choices. */
    private static String hint(TemplateParameter p, Map<String, Object> values, Osiris.Source opened) {
        try {
            if (p.type() == ParameterType.TABLE) {
                return "; tables: " + opened.discovery().listTables().stream().map(t -> t.name())
                        .collect(Collectors.joining(", "));
            }
            if ((p.type() == ParameterType.COLUMN || p.type() == ParameterType.COLUMN_LIST)
                    && values.get("table") instanceof String table) {
                TableInfo info = opened.discovery().describe(table);
                return "; columns of " + table + ": " + info.columns().stream().map(ColumnInfo::name)
                        .collect(Collectors.joining(", "));
            }
        } catch (RuntimeException e) {
            return "";
        }
        return p.choices().isEmpty() ? "" : "; one of " + String.join(", ", p.choices());
    }

    static Map<String, Object> parseParams(List<String> params) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (params.isEmpty()) {
            return values;
        }
        String first = params.get(0).trim();
        if (first.startsWith("{")) {
            if (params.size() > 1) {
                throw paramsProblem("give either one JSON object or key=value pairs, not both");
            }
            try {
                values.putAll(new ObjectMapper().readValue(first, new TypeReference<Map<String, Object>>() { }));
            } catch (JsonProcessingException e) {
                throw paramsProblem("not a JSON object: " + e.getOriginalMessage());
            }
            return values;
        }
        for (String pair : params) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw paramsProblem("'" + pair + "' is not key=value");
            }
            values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }
        return values;
    }

    private static ValidationException paramsProblem(String message) {
        return new ValidationException(List.of(new Problem("", "--params", 0, message)));
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            FileMoves.replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
