package io.osiris.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code osiris llm}: commands about the configured model; {@code osiris llm doctor} checks it. */
@Command(name = "llm", subcommands = {LlmDoctorCommand.class},
        description = "About the configured LLM: osiris llm doctor checks each model.")
final class LlmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
