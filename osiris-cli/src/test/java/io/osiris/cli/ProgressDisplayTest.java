package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.runner.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

class ProgressDisplayTest {
    private final StringWriter text = new StringWriter();

    private ProgressDisplay display(boolean terminal, boolean verbose, Ansi ansi, boolean showing) {
        return new ProgressDisplay(new PrintWriter(text, true), terminal, verbose, ansi, showing);
    }

    private static StepReport finished() {
        return new StepReport("movies", "extract", "duckdb:movies.duckdb", 1234, -1, 0.5, List.of("title"));
    }

    @Test
    void withoutATerminalEachEventIsAPlainLine() {
        ProgressDisplay d = display(false, false, Ansi.ON, true);
        d.stepStarted("movies", "extract");
        d.progress("movies", 1_000_000, 250_000);
        d.stepFinished(finished());

        assertThat(text.toString().lines()).containsExactly("  extract movies ...",
                "  movies: 1,000,000 rows (250,000 rows/s)");
        assertThat(text.toString()).doesNotContain("\r", "\u001B");
    }

    @Test
    void verboseAddsAPlainLineWhenAStepFinishes() {
        ProgressDisplay d = display(false, true, Ansi.ON, true);
        d.stepStarted("movies", "extract");
        d.stepFinished(finished());

        assertThat(text.toString().lines()).containsExactly("  extract movies ...",
                "  done extract movies: 1,234 rows in 0.50s");
    }

    @Test
    void onATerminalTheStepLineIsRewrittenInPlaceAndFinishedStepsAreColoured() {
        ProgressDisplay d = display(true, false, Ansi.ON, true);
        d.stepStarted("movies", "extract");
        d.progress("movies", 5000, 1000);
        d.stepFinished(finished());

        assertThat(text.toString()).isEqualTo("\r  extract movies ...\u001B[K"
                + "\r  movies: 5,000 rows (1,000 rows/s)\u001B[K"
                + "\r  " + Ansi.ON.string("@|green done|@") + " extract movies: 1,234 rows in 0.50s\u001B[K\n");
    }

    @Test
    void aDisplayForApprovedRunsIsSilentOutsideShow() {
        ProgressDisplay d = display(false, true, Ansi.OFF, false);
        d.stepStarted("checked", "extract");
        d.stepFinished(finished());
        String shown = d.show(() -> {
            d.stepStarted("movies", "extract");
            return "report";
        });
        d.stepStarted("after", "load");

        assertThat(shown).isEqualTo("report");
        assertThat(text.toString().lines()).containsExactly("  extract movies ...");
    }

    @Test
    void quietSilencesTheDisplay() {
        OsirisCli root = new OsirisCli();
        root.quiet = true;
        picocli.CommandLine cl = new picocli.CommandLine(new TemplatesCommand());
        cl.setErr(new PrintWriter(text, true));
        ProgressDisplay d = ProgressDisplay.of(root, cl.getCommandSpec());
        d.stepStarted("movies", "extract");
        d.progress("movies", 10, 10);
        d.stepFinished(finished());

        assertThat(text.toString()).isEmpty();
    }

    /** A real run (DuckDB file into a DuckDB table) with a tiny interval: the load's rows show as the extract's do. */
    @Test
    void aLoadShowsItsRowsSoFarAsAnExtractDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("in.duckdb"));
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE numbers AS SELECT range AS id, 'row ' || range AS label FROM range(20000)");
        }
        java.nio.file.Path pipeline = java.nio.file.Files.writeString(dir.resolve("copy.yaml"), """
                # osiris-pipeline-v2
                name: copy_numbers
                extract:
                  - id: numbers
                    source: duckdb
                    path: %s
                    query: SELECT * FROM numbers
                transform:
                  - id: evens
                    sql: SELECT * FROM numbers WHERE id %% 2 = 0
                load:
                  - id: save
                    to: duckdb
                    path: %s
                    table: evens
                """.formatted(dir.resolve("in.duckdb"), dir.resolve("out.duckdb")));
        ProgressDisplay d = display(false, false, Ansi.OFF, true);
        try (io.osiris.core.Osiris osiris = io.osiris.core.Osiris.configure().workingDirectory(dir)
                .config(io.osiris.core.config.OsirisConfig.empty(dir)).listener(d, java.time.Duration.ZERO).load()) {
            io.osiris.core.runner.RunReport report = osiris.runner().run(osiris.validate(pipeline));
            assertThat(report.step("save").rows()).isEqualTo(10_000);
            assertThat(report.step("save").route()).isEqualTo("rows-to-loader");
        }

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).contains("  load save ...").anyMatch(l -> l.startsWith("  save: 4,096 rows ("))
                .anyMatch(l -> l.startsWith("  save: 10,000 rows ("));
        assertThat(lines.subList(lines.indexOf("  load save ..."), lines.size()))
                .allMatch(l -> l.matches("  (load save \\.\\.\\.|save: [0-9,]+ rows \\([0-9,]+ rows/s\\))"));
    }
}
