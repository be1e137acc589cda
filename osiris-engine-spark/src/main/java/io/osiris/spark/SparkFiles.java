package io.osiris.spark;

import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Writes a table to one CSV, Parquet or JSON file: each Spark task writes its partition as a part
 * file in a directory beside the target, at once and without gathering rows anywhere, and the parts
 * are then joined into the target in partition order ({@link SparkParts}), so the target is never
 * seen half-written. CSV and JSON values are spelled as the DuckDB engine writes them (header, RFC
 * 4180 quoting, NULL as nothing and an empty string as {@code ""}, timestamps as
 * {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, with {@code +00} for an instant).
 */
final class SparkFiles {
    private static final String BROTLI = "brotli";
    private SparkFiles() {
    }

    static long export(SparkRun run, String table, FileFormat format, Path file) {
        Path target = declared(run, file);
        return run.run("Writing " + table + " to " + target, () -> write(run, run.table(table), format, target));
    }

    /** {@code file} as an absolute path, refused unless the run declares it. */
    static Path declared(SparkRun run, Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (!run.sandbox.files().contains(target)) {
            throw new ValidationException("The Spark engine writes only the files a run declares; " + target
                    + " is not one of them.");
        }
        return target;
    }

    /**
     * Writes {@code rows} to {@code target} in one pass, each partition by its own task, and
     * returns how many rows were written (counted as they were written, not by reading again).
     */
    static long write(SparkRun run, Dataset<Row> rows, FileFormat format, Path target) {
        Path parts = target.resolveSibling("." + target.getFileName() + ".spark-" + UUID.randomUUID());
        try {
            Observation written = new Observation("osiris-" + UUID.randomUUID());
            Dataset<Row> observed = rows.observe(written, functions.count(functions.lit(1)).as("rows"));
            writer(observed, format, false).mode(SaveMode.Overwrite).save(parts.toUri().toString());
            List<Path> files = SparkParts.list(parts);
            if (needsRecompression(format)) {
                Path joined = parts.resolve("osiris.parquet");
                SparkParts.join(files, format, List.of(), joined);
                recompress(run, joined, target, format);
            } else {
                SparkParts.join(files, format, List.of(rows.columns()), target);
            }
            return SparkParts.rows(written);
        } finally {
            SparkRun.delete(parts);
        }
    }

    /** Whether Spark's own Parquet writer lacks the codec, so the file is rewritten by DuckDB. */
    static boolean needsRecompression(FileFormat format) {
        return format.target() == LoadTarget.PARQUET && BROTLI.equals(format.compression());
    }

    /**
     * A writer of the rows, a part file per partition, in the format, spelled as the DuckDB engine
     * spells it; each CSV part with a header or none (when {@link SparkParts#join} writes the one header).
     */
    static DataFrameWriter<Row> writer(Dataset<Row> rows, FileFormat format, boolean csvHeader) {
        return switch (format.target()) {
            case CSV -> asText(rows).write().format("csv")
                    .option("header", Boolean.toString(csvHeader)).option("sep", ",").option("quote", "\"")
                    .option("escape", "\"").option("nullValue", "").option("emptyValue", "\"\"")
                    .option("ignoreLeadingWhiteSpace", "false").option("ignoreTrailingWhiteSpace", "false")
                    .option("lineSep", "\n").option("encoding", "UTF-8");
            case JSON -> asText(rows).write().format("json")
                    .option("ignoreNullFields", "false").option("lineSep", "\n").option("encoding", "UTF-8");
            case PARQUET -> rows.write().format("parquet").option("compression",
                    format.compression().isEmpty() || BROTLI.equals(format.compression()) ? "snappy"
                            : format.compression());
            default -> throw new IllegalArgumentException("not a file format: " + format.target());
        };
    }

    /** Timestamps and bytes as text, the way DuckDB's CSV and JSON spell them. */
    private static Dataset<Row> asText(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column c = functions.col(SparkSql.quote(field.name()));
            if (field.dataType() instanceof TimestampNTZType || field.dataType() instanceof BinaryType) {
                c = c.cast("string");
            } else if (field.dataType() instanceof TimestampType) {
                c = functions.concat(c.cast("string"), functions.lit("+00"));
            } else if (SparkTypes.nested(field.dataType())) {
                c = functions.to_json(c);
            }
            columns.add(c.as(field.name()));
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * Spark's Parquet writer has no Brotli codec without an extra Hadoop codec jar: its snappy file
     * is rewritten in Brotli by the embedded DuckDB, which reads exactly that file and writes exactly
     * the target.
     */
    private static void recompress(SparkRun run, Path joined, Path target, FileFormat format) {
        try (TransformEngine duck = DuckDbTransformEngine.open(run.tempDirectory, "256MB", 1,
                Sandbox.none().with(joined).with(target))) {
            duck.createTable("part", "SELECT * FROM read_parquet('" + joined.toString().replace("'", "''") + "')");
            duck.export("part", format, target);
        }
    }
}
