package io.osiris.cli;

import io.osiris.api.Problem;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code osiris validate FILE}: checks a pipeline file and lists every problem, one per line. */
@Command(name = "validate", description = "Check a pipeline file: format, ids, SQL safety, secrets.",
        footer = {"", "Exit codes: 0 valid, 2 invalid (problems on stderr as file:line: path: message)."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (file == null) {
            err.println("osiris validate: give a pipeline FILE. (Checking the config and connections without "
                    + "a FILE is not available yet.)");
            return 2;
        }
        PipelineParser parser = Pipelines.parser();
        String yaml = Files2.read(file);
        List<Problem> problems = parser.problems(yaml, file.toString());
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.println(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
            return 2;
        }
        Pipeline p = parser.parse(yaml, file.toString());
        out.println("valid: " + file + " (pipeline " + p.name() + ": " + p.extracts().size() + " extract(s), "
                + p.transforms().size() + " transform(s), " + p.loads().size() + " load(s))");
        return 0;
    }

    /** Reads a pipeline file, turning I/O failures into configuration errors. */
    static final class Files2 {
        private Files2() {
        }

        static String read(Path file) {
            try {
                return java.nio.file.Files.readString(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new io.osiris.api.ConfigurationException("Pipeline file " + file + " does not exist.");
            } catch (java.io.IOException e) {
                throw new io.osiris.api.ConfigurationException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
