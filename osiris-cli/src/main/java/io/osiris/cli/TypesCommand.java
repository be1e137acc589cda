package io.osiris.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.types.TypeMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris types [--source TYPE] [--json]}: the published type map of the connectors found
 * (built in and plugins), from the same code that applies it. Reads no config and opens no connection.
 */
@Command(name = "types", description = "Print the type map: each source type, its portable type, each target's type.",
        footer = {"", "Examples:", "  osiris types", "  osiris types --source mysql", "  osiris types --json"})
final class TypesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Option(names = "--source", paramLabel = "TYPE", description = "Only the types this connector reads (mysql, supabase, duckdb, ...).")
    String source;

    @Option(names = "--json", description = "Print the map as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path workingDirectory = Path.of("").toAbsolutePath();
        TypeMap map;
        List<String> sources;
        try (Osiris osiris = OsirisCli.configure(root, workingDirectory).config(OsirisConfig.empty(workingDirectory))
                .load()) {
            map = TypeMap.of(osiris.registry().providers());
            sources = map.sources();
            if (source != null) {
                String type = osiris.registry().find(source).map(ConnectorProvider::type).orElse(source);
                if (!map.sources().contains(type)) {
                    throw new ValidationException(List.of(new Problem("", "--source", 0, "no connector '" + source
                            + "' publishes a type map; known: " + String.join(", ", map.sources()))));
                }
                sources = List.of(type);
            }
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    json(map, sources)));
        } else {
            for (String s : sources) {
                out.println(s);
                Table.print(out, table(map, s));
                out.println();
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(TypeMap map, List<String> sources) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String s : sources) {
            for (TypeMap.Row row : map.rows(s)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("source", row.source());
                r.put("native", row.read().declaration());
                r.put("portable", row.portable().toString());
                r.put("change", row.read().change());
                Map<String, Object> targets = new LinkedHashMap<>();
                for (String t : map.targets()) {
                    targets.put(t, Map.of("type", row.cell(t).type(), "change", row.cell(t).change(),
                            "lossless", row.lossless(t)));
                }
                r.put("targets", targets);
                rows.add(r);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sources", sources);
        m.put("targets", map.targets());
        m.put("rows", rows);
        return m;
    }

    /** One source's rows: native, portable, each target's type, and every change ("lossless" when none). */
    static List<String[]> table(TypeMap map, String source) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("native", "portable"));
        header.addAll(map.targets());
        header.add("changes");
        rows.add(header.toArray(String[]::new));
        for (TypeMap.Row row : map.rows(source)) {
            List<String> cells = new ArrayList<>(List.of(row.read().declaration(), row.portable().toString()));
            for (String t : map.targets()) {
                cells.add(row.cell(t).type());
            }
            cells.add(changes(map, row));
            rows.add(cells.toArray(String[]::new));
        }
        return rows;
    }

    /** The read's change, then each target's as {@code target: change}; "lossless" when none. */
    static String changes(TypeMap map, TypeMap.Row row) {
        List<String> parts = new ArrayList<>();
        if (!row.read().lossless()) {
            parts.add(row.read().change());
        }
        for (String t : map.targets()) {
            if (!row.cell(t).change().isEmpty()) {
                parts.add(t + ": " + row.cell(t).change());
            }
        }
        return parts.isEmpty() ? "lossless" : String.join("; ", parts);
    }

    /** The type map as the Markdown page {@code docs/types.md}. */
    static String markdown(TypeMap map) {
        StringBuilder md = new StringBuilder();
        md.append("# Type map\n\n")
                .append("<!-- Generated by `osiris types` (TypesCommand.markdown); TypesCommandTest keeps it true:\n")
                .append("     regenerate with -Dosiris.docs.update=true. -->\n\n")
                .append("Each source type is read as a portable type; each target creates the column type, or\n")
                .append("writes the file representation, shown for that portable type. *Changes* says how a\n")
                .append("value changes on the way (read, then `target:` written and read back), or `lossless`.\n")
                .append("The type round-trip test (`TypeRoundTripIT`) runs every row into every target.\n")
                .append("`osiris types [--source TYPE] [--json]` prints the same table, with plugins' types.\n")
                .append("\nDecisions worth knowing:\n\n")
                .append("- Decimals wider than 38 digits (MySQL `DECIMAL(65,30)`, PostgreSQL `numeric(50,10)`) are\n")
                .append("  read as their exact plain text (STRING): no engine's DECIMAL holds them.\n")
                .append("- MySQL `BIGINT UNSIGNED` is `DECIMAL(20,0)`; MySQL `TIME` is an INTERVAL (it spans\n")
                .append("  -838:59:59 to 838:59:59), created as `TIME(6)` on MySQL and `interval` on PostgreSQL.\n")
                .append("- MySQL zero dates (`0000-00-00`, `0000-00-00 00:00:00`) read as NULL, never as an error\n")
                .append("  or a made-up date (Connector/J's `zeroDateTimeBehavior=CONVERT_TO_NULL`).\n")
                .append("- PostgreSQL arrays are JSON arrays (JSON); `interval`, `time with time zone`, `inet`\n")
                .append("  and `money` are their PostgreSQL text.\n")
                .append("- Timestamps keep microseconds everywhere; instants (TIMESTAMP_TZ) are UTC.\n");
        for (String source : map.sources()) {
            md.append("\n## ").append(source).append("\n\n");
            List<String[]> rows = table(map, source);
            for (int r = 0; r < rows.size(); r++) {
                md.append('|');
                String[] cells = rows.get(r);
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].replace("|", "\\|");
                    boolean code = r > 0 && c < cells.length - 1;
                    md.append(' ').append(code ? "`" + cell + "`" : cell).append(" |");
                }
                md.append('\n');
                if (r == 0) {
                    md.append("|---".repeat(rows.get(0).length)).append("|\n");
                }
            }
        }
        return md.toString();
    }
}
