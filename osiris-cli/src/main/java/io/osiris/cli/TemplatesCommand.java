package io.osiris.cli;

import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateParameter;
import io.osiris.core.template.Templates;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code osiris templates [--json]}: lists the seven templates with their parameters. Reads
 * only the bundled catalog: no config, no connection, no database driver.
 */
@Command(name = "templates", description = "List the pipeline templates and their parameters.",
        footer = {"", "Examples:", "  osiris templates", "  osiris templates --json",
                "", "Use one with: osiris generate --template NAME --params k=v ..."})
final class TemplatesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the templates as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Template> templates = Templates.catalog();
        if (json) {
            List<Object> list = new ArrayList<>();
            for (Template t : templates) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("description", t.description());
                List<Object> params = new ArrayList<>();
                for (TemplateParameter p : t.parameters()) {
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("name", p.name());
                    pm.put("type", p.type().name().toLowerCase(Locale.ROOT));
                    pm.put("required", p.required());
                    pm.put("default", p.defaultValue());
                    pm.put("description", p.description());
                    pm.put("choices", p.choices());
                    params.add(pm);
                }
                m.put("parameters", params);
                m.put("examples", t.examples());
                list.add(m);
            }
            JsonOutput.print(out, list);
        } else {
            for (Template t : templates) {
                out.println(t.name() + " - " + t.description());
                for (TemplateParameter p : t.parameters()) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-12s %-12s %-9s %s",
                            p.name(), p.type().name().toLowerCase(Locale.ROOT), p.required() ? "required" : "optional",
                            p.description()));
                    if (!p.choices().isEmpty()) {
                        line.append(" [").append(String.join("|", p.choices())).append(']');
                    }
                    if (!p.defaultValue().isEmpty()) {
                        line.append(" (default ").append(p.defaultValue()).append(')');
                    }
                    out.println(line);
                }
                t.examples().forEach(e -> out.println("    e.g. \"" + e + "\""));
                out.println();
            }
        }
        out.flush();
        return 0;
    }
}
