package io.osiris.spark;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.EngineCapability;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.TransformEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * Spark SQL behind {@link TransformEngine}: every table is a temp view of this run's own session,
 * a transform's result persisted and counted once so later steps read it without recomputing.
 * Rows a source streams are staged through a Parquet file ({@link DriverStaging}); an extract
 * split into ranges is read by Spark's tasks themselves ({@link SplitExtract}, one partition per
 * split). Database loads read the table back on the driver a partition at a time
 * ({@link #read}) into the loader's own transactional path, so a failure in any partition leaves
 * the target as it was.
 */
final class SparkTransformEngine implements TransformEngine {
    private final SparkRun run;
    private final SplitExtract splits;
    private final SparkUris uris;

    private SparkTransformEngine(SparkRun run) {
        this.run = run;
        this.splits = new SparkSplitExtract(run);
        this.uris = new SparkUris(run);
    }

    static TransformEngine open(SparkSession shared, Path tempParent, Sandbox sandbox) {
        return new SparkTransformEngine(SparkRun.open(shared, tempParent, sandbox));
    }

    /** Spark reads the splits of an extraction in its own tasks, and writes file loads to Hadoop URIs. */
    @Override
    public <T extends EngineCapability> Optional<T> capability(Class<T> type) {
        if (type.isInstance(uris)) {
            return Optional.of(type.cast(uris));
        }
        return type.isInstance(splits) ? Optional.of(type.cast(splits)) : Optional.empty();
    }

    @Override
    public Loaded load(String table, RowStream rows, LoadProgress progress) {
        return DriverStaging.load(run, table, rows, progress);
    }

    @Override
    public void createEmpty(String table, RowSchema schema) {
        run.run("Creating table " + table, () -> {
            run.view(table, run.session.createDataFrame(List.<Row>of(), SparkTypes.toSpark(schema)), 0);
            return null;
        });
    }

    @Override
    public long createTable(String table, String selectSql) {
        // Spark runs a command (INSERT OVERWRITE DIRECTORY, CREATE TABLE, ADD JAR) as soon as it parses it:
        // as a subquery the text can only be a query, so a transform writes nothing anywhere.
        return run.run("Transform " + table, () -> run.keep(table, run.session.sql("SELECT * FROM (" + selectSql
                + "\n) AS osiris_transform")));
    }

    @Override
    public long deleteRows(String table, String condition) {
        return run.run("Deleting rows of " + table, () -> {
            long count = run.count(table);
            // DELETE removes the rows the condition holds for; a NULL condition keeps the row, as in SQL.
            Dataset<Row> kept = run.session.sql("SELECT * FROM " + SparkSql.quote(table) + " WHERE (" + condition
                    + ") IS NOT TRUE");
            return count - run.keep(table, kept);
        });
    }

    @Override
    public String type() {
        return "spark";
    }

    @Override
    public String quote(String identifier) {
        return SparkSql.quote(identifier);
    }

    /**
     * Spark has no name for a whole row and refuses {@code *} inside a filter, so the row is the
     * struct of its columns, named one by one.
     */
    @Override
    public String rowHash(String table) {
        StringBuilder columns = new StringBuilder();
        for (String name : schemaOf(table).names()) {
            columns.append(columns.length() == 0 ? "" : ", ").append(quote(name));
        }
        return "md5(to_json(struct(" + columns + ")))";
    }

    @Override
    public RowSchema schemaOf(String table) {
        return run.run("Describing table " + table, () -> SparkTypes.fromSpark(run.table(table).schema()));
    }

    @Override
    public long export(String table, FileFormat format, Path file) {
        return SparkFiles.export(run, table, format, file);
    }

    @Override
    public RowStream read(String table) {
        return run.run("Reading " + table, () -> {
            Dataset<Row> rows = run.table(table);
            RowSchema schema = SparkTypes.fromSpark(rows.schema());
            List<Column> columns = new ArrayList<>();
            for (StructField field : rows.schema().fields()) {
                Column c = functions.col(SparkSql.quote(field.name()));
                if (SparkTypes.nested(field.dataType())) {
                    c = functions.to_json(c);
                } else if (SparkTypes.readAsText(field.dataType())) {
                    c = c.cast("string");
                }
                columns.add(c.as(field.name()));
            }
            return new SparkRowStream(run, table, schema, rows.select(columns.toArray(Column[]::new)).toLocalIterator());
        });
    }

    @Override
    public void cancel() {
        run.cancel();
    }

    @Override
    public void close() {
        run.close();
    }
}
