package io.osiris.spark;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Writes a table to one CSV, Parquet or JSON file: Spark writes one partition into a directory
 * beside the target, and its one part file is moved onto the target in one step, so the target is
 * never seen half-written. CSV and JSON values are spelled as the DuckDB engine writes them
 * (header, RFC 4180 quoting, NULL as nothing and an empty string as {@code ""}, timestamps as
 * {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, with {@code +00} for an instant).
 */
final class SparkFiles {
    private static final String BROTLI = "brotli";
    private SparkFiles() {
    }

    static long export(SparkRun run, String table, FileFormat format, Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (!run.sandbox.files().contains(target)) {
            throw new ValidationException("The Spark engine writes only the files a run declares; " + target
                    + " is not one of them.");
        }
        Path parts = target.resolveSibling("." + target.getFileName() + ".spark-" + UUID.randomUUID());
        try {
            return run.run("Writing " + table + " to " + target, () -> {
                long count = run.count(table);
                writer(run.table(table), format).mode(SaveMode.Overwrite).save(parts.toUri().toString());
                if (needsRecompression(format)) {
                    recompress(run, parts, target, format);
                } else {
                    moveTheOnePart(parts, target);
                }
                return count;
            });
        } finally {
            SparkRun.delete(parts);
        }
    }

    /** Whether Spark's own Parquet writer lacks the codec, so the file is rewritten by DuckDB. */
    static boolean needsRecompression(FileFormat format) {
        return format.target() == LoadTarget.PARQUET && BROTLI.equals(format.compression());
    }

    /** A writer of the rows as one partition in the format, spelled as the DuckDB engine spells it. */
    static DataFrameWriter<Row> writer(Dataset<Row> rows, FileFormat format) {
        return switch (format.target()) {
            case CSV -> asText(rows).coalesce(1).write().format("csv")
                    .option("header", "true").option("sep", ",").option("quote", "\"")
                    .option("escape", "\"").option("nullValue", "").option("emptyValue", "\"\"")
                    .option("ignoreLeadingWhiteSpace", "false").option("ignoreTrailingWhiteSpace", "false")
                    .option("lineSep", "\n").option("encoding", "UTF-8");
            case JSON -> asText(rows).coalesce(1).write().format("json")
                    .option("ignoreNullFields", "false").option("lineSep", "\n").option("encoding", "UTF-8");
            case PARQUET -> rows.coalesce(1).write().format("parquet").option("compression",
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
    private static void recompress(SparkRun run, Path parts, Path target, FileFormat format) {
        Path part = parts.resolve("osiris.parquet");
        moveTheOnePart(parts, part);
        try (TransformEngine duck = DuckDbTransformEngine.open(run.tempDirectory, "256MB", 1,
                Sandbox.none().with(part).with(target))) {
            duck.createTable("part", "SELECT * FROM read_parquet('" + part.toString().replace("'", "''") + "')");
            duck.export("part", format, target);
        }
    }

    private static void moveTheOnePart(Path parts, Path target) {
        List<Path> written;
        try (Stream<Path> files = Files.list(parts)) {
            written = files.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot list what Spark wrote in " + parts + ": " + e.getMessage(), e);
        }
        try {
            if (written.isEmpty()) {
                // No partition at all: an empty table. Its file is still written, with its header where it has one.
                Files.write(target, new byte[0]);
                return;
            }
            try {
                Files.move(written.get(0), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written.get(0), target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot move Spark's file onto " + target + ": " + e.getMessage(), e);
        }
    }
}
