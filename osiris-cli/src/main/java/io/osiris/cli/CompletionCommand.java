package io.osiris.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code osiris completion}: prints a bash (and zsh) completion script: picocli's completion of
 * commands and options, then the completion of values only known when Tab is pressed
 * (connections, templates, session ids, pipeline files, run ids), which the script asks of
 * {@code osiris __complete KIND} ({@link CompleteCommand}).
 */
@Command(name = "completion", description = {"Print a bash/zsh completion script for osiris.",
        "Completes commands and options, and values: connection names (--source), template names (--template),",
        "session ids (--session, sessions show|clear), pipeline files (run, validate), run ids (runs show)."},
        footer = {"", "Examples:", "  source <(osiris completion)            # this shell",
                "  osiris completion > /etc/bash_completion.d/osiris"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        spec.commandLine().getOut().print(AutoComplete.bash("osiris", spec.root().commandLine()));
        try (InputStream values = CompletionCommand.class.getResourceAsStream("completion-values.bash")) {
            spec.commandLine().getOut().print(new String(values.readAllBytes(), StandardCharsets.UTF_8));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
