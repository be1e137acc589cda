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
}
