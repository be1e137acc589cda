package io.osiris.cli;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code osiris demo}: the main job end to end on the embedded movies database, with no
 * server, key or network. It creates the database as a DuckDB file, turns the sentence into a
 * pipeline, shows it, approves it on the user's behalf (and says so), runs it, and shows the
 * rows written. The pipeline and the rows go to stdout; the narration to stderr.
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = directory.toAbsolutePath();

        Path database = MoviesDatabase.createDuckDb(cwd.resolve(ExamplePipelines.DEMO_DATABASE));
        err.println("osiris demo: created the movies database " + ExamplePipelines.DEMO_DATABASE
                + " (" + String.join(", ", MoviesDatabase.TABLES) + ")");
        err.println();
        err.println("> " + SENTENCE);
        err.println("No LLM is configured: using the example pipeline written for this sentence.");
        err.println();

        String yaml = ExamplePipelines.yaml(ExamplePipelines.TOP_RATED_MOVIES);
        Pipeline pipeline = Pipelines.parser().parse(yaml, ExamplePipelines.TOP_RATED_MOVIES + ".yaml");
        out.println(yaml.stripTrailing());
        out.println();
        out.flush();
        err.println("The pipeline is valid. Approved on your behalf: this is the demo "
                + "(a real session shows the pipeline and waits for your approval).");

        RunReport report = PipelineRunner.builder().workingDirectory(cwd).build().run(pipeline);
        for (StepReport s : report.steps()) {
            err.printf(Locale.ROOT, "  %-9s %-14s %6d rows %8.2fs  %s%n", s.kind(), s.id(), s.rows(), s.seconds(),
                    s.target());
        }
        err.printf(Locale.ROOT, "Ran %s in %.2fs.%n%n", report.pipeline(), report.seconds());
        err.flush();

        StepReport load = report.steps().get(report.steps().size() - 1);
        Path csv = cwd.resolve(load.target());
        out.println(cwd.relativize(csv) + " (" + load.rows() + " rows):");
        printCsv(out, csv);
        out.flush();
        return 0;
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
