package io.osiris.cli;

import io.osiris.core.pipeline.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code osiris schema}: prints the JSON Schema of the pipeline format, for editors. */
@Command(name = "schema", description = "Print the JSON Schema of the osiris-pipeline-v2 format.",
        footer = {"", "Examples:", "  osiris schema > osiris-pipeline-v2.schema.json   # for editors that complete YAML"})
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Pipelines.jsonSchema());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
