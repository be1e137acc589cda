package io.osiris.spark;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Rows streamed on the driver (a source read as one stream) into a Spark table: they are copied
 * into an embedded DuckDB that spills to disk, written from it as one Parquet file under the run's
 * temporary directory, and Spark reads that file. No step holds the rows in memory, and the
 * extract is read once. The file must be readable where Spark's executors run: true in
 * {@code local[N]}; on a cluster the temporary directory must be a file system every node mounts
 * at the same path, or the extract should be split ({@code parallelism:}) so executors read it.
 */
final class DriverStaging {
    private DriverStaging() {
    }

    static Loaded load(SparkRun run, String table, RowStream rows, LoadProgress progress) {
        RowSchema schema = rows.schema();
        Path file = run.tempPath(table, ".parquet");
        Loaded staged;
        try (TransformEngine duck = DuckDbTransformEngine.open(run.tempDirectory, "256MB", 1,
                Sandbox.none().with(file))) {
            staged = duck.load("staged", rows, progress);
            duck.createTable("typed", textColumns(schema));
            duck.export("typed", FileFormat.of(LoadTarget.PARQUET), file);
        }
        Loaded loaded = staged;
        run.run("Staging " + table, () -> {
            Dataset<Row> read = run.session.read().parquet(file.toString());
            Column[] typed = new Column[schema.size()];
            for (int i = 0; i < schema.size(); i++) {
                ColumnInfo c = schema.column(i);
                typed[i] = functions.col(SparkSql.quote(c.name())).cast(SparkTypes.toSpark(c.type())).as(c.name());
            }
            run.view(table, read.select(typed), loaded.rows());
            return null;
        });
        return loaded;
    }

    /**
     * The staged rows with the columns Spark holds as text ({@link SparkTypes}) cast to text in
     * DuckDB, so Spark never meets a Parquet type it does not read (TIME, UUID, JSON).
     */
    private static String textColumns(RowSchema schema) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM staged");
        for (ColumnInfo c : schema.columns()) {
            String name = "\"" + c.name().replace("\"", "\"\"") + "\"";
            TypeKind kind = c.type().kind();
            boolean text = kind == TypeKind.TIME || kind == TypeKind.UUID || kind == TypeKind.JSON
                    || kind == TypeKind.INTERVAL;
            select.add(text ? "CAST(" + name + " AS VARCHAR) AS " + name : name);
        }
        return select.toString();
    }
}
