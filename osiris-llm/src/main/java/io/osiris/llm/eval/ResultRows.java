package io.osiris.llm.eval;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.LoadTarget;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rows as an answer is judged: every value as text, numbers to four decimals without trailing
 * zeros (an average is {@code 8.5} whether MySQL says {@code 8.5000} or DuckDB {@code 8.5}), NULL as
 * null, column names ignored.
 */
record ResultRows(List<List<String>> rows) {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final int SCALE = 4;

    ResultRows {
        rows = List.copyOf(rows);
    }

    /** The rows of a file a pipeline wrote, read by DuckDB: CSV as text, Parquet and JSON by their types. */
    static ResultRows ofFile(Path file, LoadTarget format) {
        String literal = "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
        String read = switch (format) {
            case CSV -> "read_csv(" + literal + ", all_varchar = true, header = true)";
            case PARQUET -> "read_parquet(" + literal + ")";
            case JSON -> "read_json(" + literal + ")";
            default -> throw new IllegalArgumentException("not a file format: " + format);
        };
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement s = c.prepareStatement("SELECT * FROM " + read);
                ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(canonical(rs.getString(i)));
                }
                rows.add(row);
            }
            return new ResultRows(rows);
        } catch (SQLException e) {
            throw new ExecutionFailedException("Cannot read the rows of " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Rows given as values (a golden set's {@code rows}). */
    static ResultRows ofValues(List<List<Object>> values) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : values) {
            rows.add(row.stream().map(v -> v == null ? null : canonical(v.toString())).toList());
        }
        return new ResultRows(rows);
    }

    /** Whether these are the rows of {@code expected}: in the same order when {@code ordered}, else as a multiset. */
    boolean matches(ResultRows expected, boolean ordered) {
        if (ordered) {
            return rows.equals(expected.rows);
        }
        return sorted(rows).equals(sorted(expected.rows));
    }

    /** How these rows differ from {@code expected}, in a few words for a report. */
    String differenceFrom(ResultRows expected) {
        if (rows.size() != expected.rows.size()) {
            return rows.size() + " rows where " + expected.rows.size() + " were expected";
        }
        int width = rows.isEmpty() ? 0 : rows.get(0).size();
        int expectedWidth = expected.rows.isEmpty() ? 0 : expected.rows.get(0).size();
        if (width != expectedWidth) {
            return width + " columns where " + expectedWidth + " were expected";
        }
        return "other values (or order) than expected";
    }

    static String canonical(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (!NUMBER.matcher(text).matches()) {
            return value;
        }
        BigDecimal number = new BigDecimal(text);
        if (number.scale() > SCALE) {
            number = number.setScale(SCALE, RoundingMode.HALF_UP);
        }
        number = number.stripTrailingZeros();
        return number.signum() == 0 ? "0" : number.toPlainString();
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ResultRows::key));
        return copy;
    }

    private static String key(List<String> row) {
        StringBuilder sb = new StringBuilder();
        for (String value : row) {
            sb.append(Objects.requireNonNullElse(value, "\u0000null")).append('\u0001');
        }
        return sb.toString();
    }
}
