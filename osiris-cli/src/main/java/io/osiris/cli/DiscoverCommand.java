package io.osiris.cli;

import io.osiris.api.ErrorKind;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.core.Osiris;
import io.osiris.core.discovery.SampleLevel;
import io.osiris.core.discovery.TableInfoJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris discover [TABLE] [--source TYPE[.NAME]] [--refresh] [--json]}: the tables of a
 * source with row counts, or one table's columns, keys and sample rows. Descriptions are cached
 * for an hour in {@code .osiris/state.db} beside the config; {@code --refresh} reads the source
 * again. With {@code discovery.sample_data: false} no values are shown; personal data and secrets
 * in samples are masked as {@code discovery.pii} says (masked by default).
 */
@Command(name = "discover", description = "Describe the tables of a source, or one table.",
        footer = {"", "Examples:", "  osiris discover --source mysql", "  osiris discover movies --source mysql.default --rows 100",
                "  osiris discover --source duckdb:movies.duckdb --json",
                "", "Exit codes: 0 success, 1 source unreachable or table missing, 2 usage or configuration error."})
final class DiscoverCommand implements Callable<Integer> {
    private static final int MAX_CELL = 40;

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", description = "The table to describe.")
    String table;

    @Option(names = "--source", paramLabel = "TYPE[.NAME]",
            description = "The source: a connection (mysql.default), a type with one connection, or TYPE:PATH "
                    + "for a database file (duckdb:movies.duckdb). Needed when several connections are configured.")
    String source;

    @Option(names = "--refresh", description = "Read the source even when the cached description is fresh; without TABLE, "
            + "forget everything cached of the source (descriptions and the agent's schema index).")
    boolean refresh;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10",
            description = "Sample rows to show for a TABLE: 10, 100 or 1000 (default 10).")
    int rows;

    @Option(names = "--json", description = "Print JSON on stdout, for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SampleLevel level;
        try {
            level = SampleLevel.ofRows(rows);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.of(ErrorKind.VALIDATION, "osiris discover: --rows takes 10, 100 or 1000, not " + rows);
        }
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, Path.of("")));
                Osiris.Source opened = SourceSelection.open(osiris, SourceSelection.choose(osiris.config(), source))) {
            if (table == null) {
                if (refresh) {
                    // A refreshed source is read again in full, so nothing cached of it may outlive it:
                    // table descriptions and the agent's schema index alike.
                    opened.discovery().invalidate();
                }
                List<TableSummary> tables = opened.discovery().listTables(refresh);
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", opened.label());
                    List<Object> list = new ArrayList<>();
                    tables.forEach(t -> list.add(TableInfoJson.toJson(t)));
                    m.put("tables", list);
                    JsonOutput.print(out, m);
                } else {
                    err.println(opened.label() + ": " + tables.size() + " table(s)");
                    List<List<String>> grid = new ArrayList<>();
                    grid.add(List.of("table", "kind", "rows"));
                    for (TableSummary t : tables) {
                        grid.add(List.of(t.name(), t.kind().name().toLowerCase(Locale.ROOT),
                                t.rowCountEstimate() < 0 ? "?" : String.valueOf(t.rowCountEstimate())));
                    }
                    printGrid(out, grid);
                }
            } else {
                TableInfo info = opened.discovery().describe(table, refresh);
                if (level != SampleLevel.SMALL) {
                    info = info.withSampleRows(opened.discovery().sample(info.name(), level));
                }
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", opened.label());
                    m.putAll(TableInfoJson.toJson(info));
                    JsonOutput.print(out, m);
                } else {
                    printTable(out, err, opened.label(), info, opened.discovery().sampleData());
                }
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, PrintWriter err, String label, TableInfo info, boolean samples) {
        err.println(label + ": " + info.name());
        out.println(info.name() + " (" + info.kind().name().toLowerCase(Locale.ROOT)
                + (info.rowCountEstimate() < 0 ? "" : ", about " + info.rowCountEstimate() + " rows") + ")"
                + (info.comment().isEmpty() ? "" : " - " + info.comment()));
        out.println();
        List<List<String>> grid = new ArrayList<>();
        grid.add(List.of("column", "type", "null", "key", "native type"));
        for (ColumnInfo c : info.columns()) {
            List<String> keys = new ArrayList<>();
            if (info.primaryKey().contains(c.name())) {
                keys.add("PK");
            }
            for (ForeignKey fk : info.foreignKeys()) {
                int i = fk.columns().indexOf(c.name());
                if (i >= 0) {
                    keys.add("FK -> " + fk.referencedTable() + "." + fk.referencedColumns().get(i));
                }
            }
            grid.add(List.of(c.name(), c.type().toString(), c.nullable() ? "yes" : "no", String.join(", ", keys),
                    c.nativeType()));
        }
        printGrid(out, grid);
        out.println();
        if (!samples) {
            out.println("sample rows: off (discovery.sample_data: false)");
            return;
        }
        out.println("sample rows (" + info.sampleRows().size() + "):");
        List<List<String>> rows = new ArrayList<>();
        rows.add(info.columns().stream().map(ColumnInfo::name).toList());
        for (List<Object> row : info.sampleRows()) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                cells.add(cell(v));
            }
            rows.add(cells);
        }
        printGrid(out, rows);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        String s = String.valueOf(TableInfoJson.jsonValue(value)).replace('\n', ' ').replace('\r', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
    }

    /** Prints rows as columns aligned on their widest cell, two spaces apart; the first row is the header. */
    static void printGrid(PrintWriter out, List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i]));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        rule.append("  ");
                    }
                    rule.append("-".repeat(Math.max(widths[i], 1)));
                }
                out.println(rule);
            }
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
