package io.osiris.spark;

import io.osiris.api.connector.capability.Split;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The splits of an extraction as the partitions of one relation ({@link SplitsRelation}), each
 * read by a task ({@link SplitTask}). Into a table, the rows are persisted and counted once, so
 * the database is read once; into the step's one file, each task writes its part as it reads and
 * the parts are joined into the file ({@link SparkFiles#write}), so no row is kept. A task that
 * fails fails the whole, and no table is left.
 */
final class SparkSplitExtract implements SplitExtract {
    private final SparkRun run;

    SparkSplitExtract(SparkRun run) {
        this.run = run;
    }

    @Override
    public Loaded extract(String table, SplitSource source, List<Split> splits, RowSchema schema,
            LoadProgress progress) {
        long rows = run.run("Extracting " + table + " in " + partitions(splits) + " from " + source.type() + "."
                + source.connection(), () -> read(source, splits, schema, r -> run.keep(table, r)));
        progress.rows(rows, 0);
        return new Loaded(rows, 0);
    }

    @Override
    public Optional<Loaded> extractIntoFile(SplitSource source, List<Split> splits, RowSchema schema,
            FileFormat format, Path file, LoadProgress progress) {
        Path target = SparkFiles.declared(run, file);
        long rows = run.run("Extracting " + partitions(splits) + " from " + source.type() + "." + source.connection()
                + " into " + target, () -> read(source, splits, schema, r -> SparkFiles.write(run, r, format, target)));
        progress.rows(rows, 0);
        return Optional.of(new Loaded(rows, 0));
    }

    /** Reads the splits into a dataset and hands it to {@code action}, while the run's reader is reachable. */
    private long read(SplitSource source, List<Split> splits, RowSchema schema, Function<Dataset<Row>, Long> action) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("no splits to read from " + source);
        }
        String local = source.here().map(LocalReaders::register).orElse(null);
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(run.session.sparkContext());
            List<ColumnType> types = schema.columns().stream().map(c -> c.type()).toList();
            JavaRDD<InternalRow> read = context.parallelize(splits, splits.size())
                    .mapPartitions(new SplitTask(source, local, types));
            return action.apply(run.session.baseRelationToDataFrame(new SplitsRelation(run.session.sqlContext(),
                    SparkTypes.toSpark(schema), read.rdd())));
        } finally {
            LocalReaders.remove(local);
        }
    }

    private static String partitions(List<Split> splits) {
        return splits.size() == 1 ? "one Spark partition" : splits.size() + " Spark partitions";
    }
}
