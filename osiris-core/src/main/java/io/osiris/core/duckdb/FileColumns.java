package io.osiris.core.duckdb;

import io.osiris.api.data.RowSchema;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.util.StringJoiner;

/**
 * The columns a file format gets where it cannot hold a type as it is, or where DuckDB would
 * write a schema that depends on the day's data.
 *
 * <ul>
 *   <li>Parquet's INTERVAL has no sign, and MySQL's TIME reaches {@code -838:59:59}, so a Parquet
 *       file holds intervals as their text ({@code [-]H:MM:SS[.ffffff]}, as CSV and JSON do)
 *       rather than fail on the first negative one.</li>
 *   <li>DuckDB 2 writes a Parquet column as REQUIRED when the statistics of the table it reads
 *       say it holds no NULL. A file's schema would then change with its rows (a column with no
 *       NULL today and one tomorrow), and a table written from the engine would differ from the
 *       same rows streamed straight from a source, which have no statistics. Every column of a
 *       Parquet file is OPTIONAL, as DuckDB 1, Arrow and Spark write them.</li>
 * </ul>
 */
final class FileColumns {
    private FileColumns() {
    }

    /** {@code select}, with its INTERVAL columns as text when the file is Parquet. */
    static String select(String select, RowSchema schema, FileFormat format) {
        if (format.target() != LoadTarget.PARQUET) {
            return select;
        }
        StringBuilder replace = new StringBuilder();
        for (var column : schema.columns()) {
            if (FileTypes.asTextIn(format.target(), column.type().kind())) {
                String name = Sql.quote(column.name());
                replace.append(replace.length() == 0 ? "" : ", ").append(asText(name)).append(" AS ").append(name);
            }
        }
        return replace.length() == 0 ? select
                : "SELECT * REPLACE (" + replace + ") FROM (" + select + ") AS osiris_file";
    }

    /**
     * {@code select} over an engine table, as {@link #select} gives it, and with every column
     * OPTIONAL when the file is Parquet: each column passes through a {@code CASE} on a value the
     * planner cannot fold, so no statistic says it holds no NULL.
     */
    static String fromTable(String select, RowSchema schema, FileFormat format) {
        if (format.target() != LoadTarget.PARQUET) {
            return select;
        }
        StringJoiner columns = new StringJoiner(", ");
        for (var column : schema.columns()) {
            String name = Sql.quote(column.name());
            String value = FileTypes.asTextIn(format.target(), column.type().kind()) ? asText(name) : name;
            columns.add("CASE WHEN osiris_optional.keep THEN " + value + " END AS " + name);
        }
        return "SELECT " + columns + " FROM (" + select + ") AS osiris_file, (SELECT true AS keep) AS osiris_optional";
    }

    private static String asText(String quotedName) {
        return "CAST(" + quotedName + " AS VARCHAR)";
    }
}
