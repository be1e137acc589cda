package io.osiris.core.runner;

import io.osiris.api.DataCheckFailedException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.Check;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.Step;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.pipeline.TransformSql;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.privacy.SensitiveColumns;
import io.osiris.core.privacy.SensitiveData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the data checks of every step as SQL in the transform engine, on the step's table (a
 * load's {@code from} table), before any load begins: each check becomes one query whose result
 * table says what broke the rule, read back for a count and a few example values (masked under
 * the {@link PiiPolicy}). Only the engine seam is used ({@code createTable}, {@code read}), so
 * any engine runs them. A dry run binds each query (LIMIT 0) without judging the rows.
 */
final class DataChecks {
    private static final int EXAMPLES = 3;
    private static final int EXAMPLE_CHARS = 40;

    private final TransformEngine engine;
    private final PiiPolicy policy;
    private final Set<String> taken = new HashSet<>();
    private int next;

    DataChecks(TransformEngine engine, PiiPolicy policy, Pipeline pipeline) {
        this.engine = engine;
        this.policy = policy;
        Stream.of(pipeline.extracts(), pipeline.transforms(), pipeline.loads()).flatMap(List::stream)
                .forEach(s -> taken.add(s.id()));
    }

    /** Whether any step of the pipeline declares a check. */
    static boolean any(Pipeline pipeline) {
        return !withChecks(pipeline).isEmpty();
    }

    /** The steps that declare checks, extracts first, then transforms, then loads. */
    static List<Step> withChecks(Pipeline pipeline) {
        return Stream.of(pipeline.extracts(), pipeline.transforms(), pipeline.loads()).flatMap(List::stream)
                .filter(s -> !s.checks().isEmpty()).map(Step.class::cast).toList();
    }

    /**
     * The step tables a check reads: each checked step's own (a load's {@code from}) and those
     * its custom SQL names. The plan stages each of them in the engine.
     */
    static Set<String> tablesRead(Pipeline pipeline) {
        Set<String> tables = new HashSet<>();
        List<Step> checked = withChecks(pipeline);
        if (checked.isEmpty()) {
            return tables;
        }
        try (TransformSql parser = new TransformSql()) {
            for (Step step : checked) {
                tables.add(step instanceof LoadStep l ? l.from() : step.id());
                for (Check check : step.checks()) {
                    if (check instanceof Check.Sql sql) {
                        tables.addAll(parser.parse(sql.sql()).tables());
                    }
                }
            }
        }
        return tables;
    }

    /**
     * Runs every check and returns their reports.
     *
     * @throws DataCheckFailedException naming each failed check, when one failed
     * @throws ValidationException      when a check cannot run on its step's table (a column it names is missing)
     */
    List<CheckReport> run(Pipeline pipeline, boolean dry) {
        List<CheckReport> reports = new ArrayList<>();
        for (Step step : withChecks(pipeline)) {
            String table = step instanceof LoadStep l ? l.from() : step.id();
            for (Check check : step.checks()) {
                reports.add(run(step, table, check, dry));
            }
        }
        List<CheckReport> failed = reports.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            CheckReport first = failed.get(0);
            String message = failed.stream().map(CheckReport::describe).collect(Collectors.joining("\n"))
                    + "\nNo load ran: every target is as it was.";
            throw new DataCheckFailedException(first.step(), first.check(),
                    (failed.size() == 1 ? "" : failed.size() + " data checks failed:\n") + message);
        }
        return reports;
    }

    private CheckReport run(Step step, String table, Check check, boolean dry) {
        String kind = kind(step);
        String sql = query(check, engine.quote(table));
        String result = tableName();
        try {
            if (dry) {
                engine.createTable(result, "SELECT * FROM (" + sql + "\n) AS osiris_bind LIMIT 0");
                return new CheckReport(step.id(), kind, check.describe(), true, "binds (dry run)");
            }
            long rows = engine.createTable(result, sql);
            Verdict verdict = judge(check, result, rows, sql);
            return new CheckReport(step.id(), kind, check.describe(), verdict.passed(), verdict.detail());
        } catch (ExecutionFailedException e) {
            String reason = SensitiveData.scrubText(e.getMessage().replaceFirst("^Transform " + result + ": ", ""));
            throw new ValidationException(List.of(new Problem("", kind + " " + step.id(), 0, kind + " '" + step.id()
                    + "' check " + check.describe() + " cannot run on the rows of '" + table + "': " + reason)));
        }
    }

    private record Verdict(boolean passed, String detail) {
    }

    private Verdict judge(Check check, String result, long rows, String sql) {
        if (check instanceof Check.RowCount r) {
            long n = ((Number) firstRow(result).get(0)).longValue();
            if (n < r.min()) {
                return new Verdict(false, rows(n) + ", fewer than the minimum " + r.min());
            }
            if (n > r.max()) {
                return new Verdict(false, rows(n) + ", more than the maximum " + r.max());
            }
            return new Verdict(true, rows(n));
        }
        if (check instanceof Check.NotNull n) {
            List<Object> counts = firstRow(result);
            List<String> found = new ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                long nulls = counts.get(i) == null ? 0 : ((Number) counts.get(i)).longValue();
                if (nulls > 0) {
                    found.add(nulls + (nulls == 1 ? " row" : " rows") + " with NULL in " + n.columns().get(i));
                }
            }
            return found.isEmpty() ? new Verdict(true, "no NULLs") : new Verdict(false, String.join(", ", found));
        }
        if (rows == 0) {
            return new Verdict(true, check instanceof Check.Unique ? "no duplicates"
                    : check instanceof Check.AcceptedValues ? "no other values" : "no rows returned");
        }
        if (check instanceof Check.Unique u) {
            return new Verdict(false, rows + (rows == 1 ? " duplicate value" : " duplicate values") + ", e.g. "
                    + examples(result, u.columns().size(), sensitive(u.columns()), u.columns().size() > 1));
        }
        if (check instanceof Check.AcceptedValues a) {
            return new Verdict(false, rows + (rows == 1 ? " value" : " values") + " not accepted, e.g. "
                    + examples(result, 1, sensitive(List.of(a.column())), false) + "; accepted: "
                    + String.join(", ", a.values()));
        }
        List<String> names = engine.schemaOf(result).names();
        boolean[] sensitive = SensitiveColumns.of(((Check.Sql) check).sql(), names);
        List<Object> first = firstRow(result);
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(first.size(), 5); i++) {
            shown.add(names.get(i) + "=" + text(SensitiveData.value(policy, sensitive[i]
                    || SensitiveData.sensitiveColumn(names.get(i)), first.get(i))));
        }
        return new Verdict(false, "the query returned " + rows + (rows == 1 ? " row" : " rows") + ", e.g. "
                + String.join(", ", shown) + (first.size() > 5 ? ", ..." : ""));
    }

    /** The query a check runs: a count, or the rows (grouped) that break the rule. */
    private String query(Check check, String table) {
        if (check instanceof Check.RowCount) {
            return "SELECT count(*) AS osiris_rows FROM " + table;
        }
        if (check instanceof Check.NotNull n) {
            return "SELECT " + n.columns().stream().map(c -> "count(*) FILTER (WHERE " + quote(c) + " IS NULL)")
                    .collect(Collectors.joining(", ")) + " FROM " + table;
        }
        if (check instanceof Check.Unique u) {
            String columns = u.columns().stream().map(this::quote).collect(Collectors.joining(", "));
            return "SELECT " + columns + ", count(*) AS osiris_rows FROM " + table + " WHERE "
                    + u.columns().stream().map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND "))
                    + " GROUP BY " + columns + " HAVING count(*) > 1 ORDER BY " + columns;
        }
        if (check instanceof Check.AcceptedValues a) {
            // STRING: a name for text both DuckDB and Spark SQL know.
            String value = "CAST(" + quote(a.column()) + " AS STRING)";
            return "SELECT " + value + " AS osiris_value, count(*) AS osiris_rows FROM " + table + " WHERE "
                    + quote(a.column()) + " IS NOT NULL AND " + value + " NOT IN ("
                    + a.values().stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", "))
                    + ") GROUP BY 1 ORDER BY osiris_rows DESC, 1";
        }
        return ((Check.Sql) check).sql();
    }

    private String examples(String result, int columns, boolean sensitive, boolean tuple) {
        List<String> shown = new ArrayList<>();
        try (RowStream rows = engine.read(result)) {
            while (shown.size() < EXAMPLES && rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < columns; i++) {
                    values.add(text(SensitiveData.value(policy, sensitive, rows.get(i))));
                }
                shown.add(tuple ? "(" + String.join(", ", values) + ")" : values.get(0));
            }
        }
        return String.join(", ", shown);
    }

    private List<Object> firstRow(String result) {
        try (RowStream rows = engine.read(result)) {
            List<Object> values = new ArrayList<>();
            if (rows.next()) {
                for (int i = 0; i < rows.schema().size(); i++) {
                    values.add(rows.get(i));
                }
            }
            return values;
        }
    }

    private static boolean sensitive(List<String> columns) {
        return columns.stream().anyMatch(SensitiveData::sensitiveColumn);
    }

    private static String text(Object value) {
        String s = String.valueOf(value);
        return s.length() <= EXAMPLE_CHARS ? s : s.substring(0, EXAMPLE_CHARS) + "...";
    }

    /** A result table name no step of the pipeline uses. */
    private String tableName() {
        String name;
        do {
            name = "osiris_check_" + ++next;
        } while (taken.contains(name));
        return name;
    }

    private static String kind(Step step) {
        return step instanceof ExtractStep ? "extract" : step instanceof LoadStep ? "load" : "transform";
    }

    private String quote(String name) {
        return engine.quote(name);
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
