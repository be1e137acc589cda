package io.osiris.core.duckdb;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.TransformEngine.FileFormat;

/**
 * The columns a file format gets where it cannot hold a type as it is: Parquet's INTERVAL has
 * no sign, and MySQL's TIME reaches {@code -838:59:59}, so a Parquet file holds intervals as their
 * text ({@code [-]H:MM:SS[.ffffff]}, as CSV and JSON do) rather than fail on the first negative one.
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
            if (column.type().kind() == TypeKind.INTERVAL) {
                String name = Sql.quote(column.name());
                replace.append(replace.length() == 0 ? "" : ", ").append("CAST(").append(name)
                        .append(" AS VARCHAR) AS ").append(name);
            }
        }
        return replace.length() == 0 ? select
                : "SELECT * REPLACE (" + replace + ") FROM (" + select + ") AS osiris_file";
    }
}
