package io.osiris.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.ConfigurationException;
import io.osiris.core.Osiris;
import io.osiris.llm.doctor.LlmDoctor;
import io.osiris.llm.doctor.ModelCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris llm doctor}: for each model of the {@code llm:} section ({@code model}, then
 * {@code fallback_models}), whether the key is taken, whether tool calls work, the context size
 * when the provider lists it, and the latency of a small call ({@link LlmDoctor}).
 */
@Command(name = "doctor", description = {"Check each configured model: key accepted, tool calls with JSON",
        "arguments, context size (when the provider lists it), latency of a small call."},
        footer = {"", "Each model gets one small request offering one tool (a few dozen tokens); fallbacks are",
                "checked on their own, without retries.", "", "Examples:", "  osiris llm doctor",
                "  osiris llm doctor --json", "",
                "Exit codes: 0 every model passes, 1 a model fails, 2 no LLM configured or a bad setting."})
final class LlmDoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LlmCommand llm;

    @Option(names = "--json", description = "Print the checks as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = OsirisCli.progress(llm.root, spec);
        try (Osiris osiris = OsirisCli.load(llm.root, OsirisCli.configure(llm.root, Path.of("")))) {
            LlmDoctor doctor = LlmDoctor.of(osiris.config()).orElseThrow(() -> new ConfigurationException(
                    "No LLM is configured: add an llm: section to " + osiris.config().file().map(Path::toString)
                            .orElse(".osiris.yaml") + " (provider, model, and the key in the environment), then"
                            + " run osiris llm doctor again."));
            List<ModelCheck> checks = new ArrayList<>();
            for (String model : doctor.models()) {
                progress.println("Checking " + doctor.provider() + " model " + model + "...");
                progress.flush();
                checks.add(doctor.check(model));
            }
            if (json) {
                out.println(json(doctor.provider(), checks));
            } else {
                print(out, checks);
            }
            return checks.stream().allMatch(ModelCheck::passed) ? 0 : 1;
        } finally {
            out.flush();
        }
    }

    private static void print(PrintWriter out, List<ModelCheck> checks) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"provider", "model", "key", "tool calls", "context", "latency", "result"});
        for (ModelCheck c : checks) {
            rows.add(new String[] {c.provider(), c.model(), c.key().label(), c.tools().label(),
                    c.context().isPresent() ? c.contextTokens() + " tokens" : "unknown", c.latencyMillis() + " ms",
                    c.passed() ? "pass" : "FAIL"});
        }
        Table.print(out, rows);
        for (ModelCheck c : checks) {
            if (!c.detail().isEmpty()) {
                out.println(c.model() + ": " + c.detail());
            }
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "Every model passes." : failed + " of " + checks.size() + " models fail.");
    }

    /** {provider, models: [{model, key, tool_calls, context_tokens (null when unknown), latency_ms, passed, detail}], passed}. */
    static String json(String provider, List<ModelCheck> checks) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("provider", provider);
        ArrayNode models = root.putArray("models");
        for (ModelCheck c : checks) {
            ObjectNode m = models.addObject().put("model", c.model()).put("key", c.key().label())
                    .put("tool_calls", c.tools().label());
            if (c.context().isPresent()) {
                m.put("context_tokens", c.contextTokens());
            } else {
                m.putNull("context_tokens");
            }
            m.put("latency_ms", c.latencyMillis()).put("passed", c.passed()).put("detail", c.detail());
        }
        root.put("passed", checks.stream().allMatch(ModelCheck::passed));
        return root.toString();
    }
}
