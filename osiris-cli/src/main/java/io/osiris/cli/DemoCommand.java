package io.osiris.cli;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.template.TemplateMatch;
import io.osiris.core.Osiris;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.TurnResult;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris demo}: the main job end to end on the embedded movies database, with no
 * server, key or network. It creates the database as a DuckDB file, turns the sentence into a
 * pipeline (through the model when {@code .osiris.yaml} configures one, through the templates
 * otherwise, and through the example pipeline written for it when no template fits), shows
 * it, approves it on the user's behalf (and says so), runs it, and shows the rows written.
 * The pipeline and the rows go to stdout; the narration to stderr.
 */
@Command(name = "demo", description = {
        "Run the main job on the embedded movies database: no server, key or network needed.",
        "Creates " + ExamplePipelines.DEMO_DATABASE + " and output/top_rated_movies.csv in the current directory."},
        footer = {"", "Example:", "  osiris demo"})
final class DemoCommand implements Callable<Integer> {
    static final String SENTENCE = "Export movies rated above 8.0 to CSV";
    private static final int SHOWN_ROWS = 25;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the database and the output "
            + "(default: the current directory).")
    Path directory = Path.of("");

    @ParentCommand
    OsirisCli root;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = OsirisCli.progress(root, spec);
        Path cwd = directory.toAbsolutePath().normalize();

        Path database = MoviesDatabase.createDuckDb(cwd.resolve(ExamplePipelines.DEMO_DATABASE));
        err.println("osiris demo: created the movies database " + ExamplePipelines.DEMO_DATABASE
                + " (" + String.join(", ", MoviesDatabase.TABLES) + ")");
        err.println();
        err.println("> " + SENTENCE);

        // The user's config lends its llm: section; the data is always the demo database.
        OsirisConfig user = ConfigLoader.find(root == null ? null : root.configFile, System.getenv(), cwd);
        ConnectorConfig demo = new ConnectorConfig("duckdb", "demo", Map.of("path", database.toString()));
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of("duckdb", Map.of("demo", demo)),
                user.llm(), user.discovery(), cwd.resolve("output"));
        ProgressDisplay display = ProgressDisplay.forApprovedRuns(root, spec);
        try (Osiris osiris = OsirisCli.load(root, display.attachTo(OsirisCli.configure(root, cwd).config(config)))) {
            String yaml = ChatModels.configured(config) ? throughTheModel(err, osiris) : throughTheTemplates(err, osiris);
            Pipeline pipeline = osiris.parser().parse(yaml, "demo pipeline");
            out.println(yaml.stripTrailing());
            out.println();
            out.flush();
            err.println("The pipeline is valid. Approved on your behalf: this is the demo "
                    + "(osiris chat shows the pipeline and waits for your approval).");

            RunReport report = SignalledRun.run(osiris.runner(), spec.commandLine().getErr(),
                    () -> display.show(() -> osiris.run(pipeline)));
            for (StepReport s : report.steps()) {
                err.printf(Locale.ROOT, "  %-9s %-14s %6d rows %8.2fs  %s%n", s.kind(), s.id(), s.rows(),
                        s.seconds(), s.target());
            }
            err.printf(Locale.ROOT, "Ran %s in %.2fs.%n%n", report.pipeline(), report.seconds());
            err.flush();
            for (StepReport load : report.steps()) {
                if (load.kind().equals("load") && load.target().endsWith(".csv")) {
                    Path csv = cwd.resolve(load.target());
                    out.println(cwd.relativize(csv) + " (" + load.rows() + " rows):");
                    printCsv(out, csv);
                }
            }
            out.flush();
            return 0;
        }
    }

    /** With an LLM configured: the agent explores the demo database and proposes the pipeline. */
    private static String throughTheModel(PrintWriter err, Osiris osiris) {
        OsirisConfig config = osiris.config();
        err.println("Asking the model (" + config.llm().getOrDefault("provider", "") + " "
                + config.llm().getOrDefault("model", "") + ") to explore the movies database...");
        try (OsirisChat chat = OsirisChat.open(osiris, AgentSession.create(osiris.state()), "duckdb", "demo");
                ChatModel model = ChatModels.open(config).orElseThrow()) {
            TurnResult turn = chat.agent(model, true).send(SENTENCE);
            if (!turn.text().isBlank()) {
                err.println(turn.text().strip());
            }
            return turn.proposed().map(Proposal::yaml).orElseThrow(() -> new ExecutionFailedException(
                    "The model answered without proposing a pipeline; try `osiris chat` to talk it through."));
        }
    }

    /** Without an LLM: template matching, and the example pipeline when no template fits fully. */
    private static String throughTheTemplates(PrintWriter err, Osiris osiris) {
        return osiris.withSource("duckdb", "demo", source -> {
            Optional<TemplateMatch> match = source.templates().match(SENTENCE);
            if (match.isPresent() && match.get().missing().isEmpty()) {
                err.println("No LLM is configured: template " + match.get().template().name() + " fits the sentence.");
                return source.templates().apply(match.get().template(), match.get().params());
            }
            err.println("No LLM is configured, and "
                    + match.map(m -> "the closest template (" + m.template().name() + ") still needs " + m.missing())
                            .orElse("no template fits")
                    + ": using the example pipeline written for this sentence.");
            err.println("(With an llm: section in .osiris.yaml the model writes it; see osiris init.)");
            err.println();
            return ExamplePipelines.yaml(ExamplePipelines.TOP_RATED_MOVIES);
        });
    }

    /** Prints the first rows of a CSV file as an aligned table, read back through DuckDB. */
    private static void printCsv(PrintWriter out, Path csv) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM read_csv('" + csv.toString().replace("'", "''")
                        + "', header = true, all_varchar = true) LIMIT " + SHOWN_ROWS)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String[]> rows = new ArrayList<>();
            String[] header = new String[n];
            for (int i = 0; i < n; i++) {
                header[i] = md.getColumnLabel(i + 1);
            }
            rows.add(header);
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    String v = rs.getString(i + 1);
                    row[i] = v == null ? "" : v;
                }
                rows.add(row);
            }
            Table.print(out, rows);
        } catch (SQLException e) {
            throw new ExecutionFailedException("cannot read back " + csv + ": " + e.getMessage(), e);
        }
    }
}
