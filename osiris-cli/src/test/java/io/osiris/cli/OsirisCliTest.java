package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class OsirisCliTest {

    record Result(int exitCode, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = OsirisCli.newCommandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Result r = run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("osiris 0.").contains("Java ");
    }

    @Test
    void helpListsUsageAndExitCodes() {
        Result r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: osiris").contains("Exit codes: 0 success");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCode2() {
        Result r = run("--no-such-option");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void completionPrintsABashScriptCoveringTheCommands() {
        Result r = run("completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F _complete_osiris").contains("demo").contains("chat")
                .contains("--dry-run");
    }

    @Test
    void quietKeepsResultsAndDropsTheNarration(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Result r = run("--quiet", "demo", "--dir", dir.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("output/top_rated_movies.csv (18 rows):");
    }

    @Test
    void everyCommandIsRegisteredUnderItsOwnNameInTheUsageOrder() {
        CommandLine all = OsirisCli.newCommandLine();
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(OsirisCli.COMMANDS);
        all.getSubcommands().forEach((name, sub) -> assertThat(sub.getCommandName()).isEqualTo(name));
    }

    @Test
    void aCommandLineBuildsOnlyTheCommandItNames() {
        assertThat(OsirisCli.commandsFor("templates")).containsExactly("templates");
        assertThat(OsirisCli.commandsFor("-q", "--config", "run", "validate", "x.yaml")).containsExactly("validate");
        assertThat(OsirisCli.commandsFor("--config=a.yaml", "--verbose", "run", "--help")).containsExactly("run");
        assertThat(OsirisCli.commandsFor("--version")).isEmpty();
        assertThat(OsirisCli.newCommandLine("templates").getSubcommands().keySet()).containsExactly("templates");
    }

    @Test
    void helpUsageTyposArgumentFilesAndCompletionGetEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-h"},
                new String[] {"help", "run"}, new String[] {"tempaltes"}, new String[] {"@args.txt"},
                new String[] {"completion"}, new String[] {"--version", "--help"}, new String[] {"-qV"},
                new String[] {"--config"})) {
            assertThat(OsirisCli.commandsFor(args)).as(String.join(" ", args)).isEqualTo(OsirisCli.COMMANDS);
        }
    }

    @Test
    void aMistypedCommandIsAUsageErrorThatSuggestsTheRightOne() {
        Result r = run("tempaltes");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'tempaltes'").contains("templates");
    }

    @Test
    void theRootsOptionsReachACommandBuiltAlone() {
        Result r = run("templates", "--quiet", "--config", "none.yaml", "-v");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("top_n");
    }

    @Test
    void helpListsEveryCommand() {
        Result r = run("help");
        assertThat(r.exitCode()).isZero();
        // __complete is hidden: the completion script calls it, people do not.
        OsirisCli.COMMANDS.stream().filter(c -> !c.startsWith("__")).forEach(c -> assertThat(r.out()).contains("  " + c));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"validate", "run", "schema", "demo", "init", "templates",
            "discover", "generate", "chat", "sessions", "connectors", "completion"})
    void everyCommandsHelpShowsExamples(String command) {
        Result r = run(command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: osiris " + command).contains("Example");
    }
}
