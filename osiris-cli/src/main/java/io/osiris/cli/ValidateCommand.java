package io.osiris.cli;

import io.osiris.api.ErrorKind;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris validate [FILE]}: checks a pipeline file and lists every problem, one per line;
 * without a FILE, checks the config: every connection answers, every needed key is present.
 */
@Command(name = "validate", description = {"Check a pipeline file: format, ids, SQL safety, secrets.",
        "Without FILE: check .osiris.yaml: every connection reachable, every needed key present (shown masked)."},
        footer = {"", "Examples:", "  osiris validate output/top_rated_movies.yaml", "  osiris validate", "  osiris validate --json",
                "", "Exit codes: 0 valid, 1 a connection failed, 2 invalid (problems on stderr as file:line: path: message)."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Option(names = "--json", description = "Print the result as JSON on stdout; when invalid, a JSON error object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pipeline p;
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, Path.of("")))) {
            if (file == null) {
                if (osiris.config().file().isEmpty()) {
                    throw CommandFailure.of(ErrorKind.CONFIGURATION, "osiris validate: no .osiris.yaml here (nor"
                            + " --config or $OSIRIS_CONFIG); `osiris init` writes one. To check a pipeline: osiris"
                            + " validate FILE");
                }
                return new ConfigCheck(osiris, System.getenv()).run(out, err, json);
            }
            try {
                p = osiris.validate(file);
            } catch (ValidationException e) {
                int n = e.problems().size();
                throw CommandFailure.of(e, n == 1 ? "1 problem" : n + " problems");
            }
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("valid", true);
            m.put("file", file.toString());
            m.put("pipeline", p.name());
            m.put("extracts", p.extracts().size());
            m.put("transforms", p.transforms().size());
            m.put("loads", p.loads().size());
            JsonOutput.print(out, m);
            return 0;
        }
        out.println("valid: " + file + " (pipeline " + p.name() + ": " + p.extracts().size() + " extract(s), "
                + p.transforms().size() + " transform(s), " + p.loads().size() + " load(s))");
        return 0;
    }
}
