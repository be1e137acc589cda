package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipeline written from the person's own SQL, with no LLM ({@code osiris chat --sql}): one
 * extract running the SQL on the source and one CSV load. It is then checked and approved like
 * any proposal.
 */
public final class SqlDraft {
    private static final Pattern FIRST_TABLE = Pattern.compile("(?is)\\bfrom\\s+[`\"]?([A-Za-z_][\\w.]*)");

    private SqlDraft() {
    }

    /** A pipeline name from the first table the SQL reads: {@code movies_export}, else {@code sql_export}. */
    public static String nameFor(String sql) {
        Matcher m = FIRST_TABLE.matcher(sql);
        if (m.find()) {
            String table = m.group(1);
            table = table.substring(table.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            if (!table.isEmpty()) {
                return table + "_export";
            }
        }
        return "sql_export";
    }

    /**
     * The pipeline YAML.
     *
     * @param name            the pipeline name ({@code [a-z0-9_]+})
     * @param source          the source the SQL runs on
     * @param sql             one SELECT in the source's dialect
     * @param outputDirectory where the CSV goes, as the pipeline writes it ({@code output})
     */
    public static String yaml(String name, AgentSource source, String sql, String outputDirectory) {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        requireNonNull(sql, "sql");
        String body = sql.strip();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("# osiris-pipeline-v2\n");
        yaml.append("name: ").append(name).append('\n');
        yaml.append("version: 1.0\n");
        yaml.append("description: ").append(quote("The given SQL, exported to CSV")).append('\n');
        yaml.append("extract:\n");
        yaml.append("  - id: query\n");
        yaml.append("    source: ").append(source.type()).append('\n');
        yaml.append("    connection: ").append(quote(source.name())).append('\n');
        yaml.append("    query: |\n");
        for (String line : body.split("\\R", -1)) {
            yaml.append(line.isBlank() ? "" : "      " + line.stripTrailing()).append('\n');
        }
        yaml.append("load:\n");
        yaml.append("  - id: save_csv\n");
        yaml.append("    from: query\n");
        yaml.append("    to: csv\n");
        yaml.append("    path: ").append(quote(outputDirectory + "/" + name + ".csv")).append('\n');
        return yaml.toString();
    }

    /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
    private static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
