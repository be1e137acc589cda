package io.osiris.spark;

import io.osiris.api.connector.capability.Split;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;

/**
 * The splits of an extraction as the partitions of one RDD: each task opens the connector from
 * the {@link SplitExtract.SplitSource} and reads its split ({@link SplitTask}). The table is
 * persisted and counted once, so the database is read once; a task that fails fails the load,
 * and no table is left.
 */
final class SparkSplitExtract implements SplitExtract {
    private final SparkRun run;

    SparkSplitExtract(SparkRun run) {
        this.run = run;
    }

    @Override
    public Loaded extract(String table, SplitSource source, List<Split> splits, RowSchema schema,
            LoadProgress progress) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("no splits to read for " + table);
        }
        long rows = run.run("Extracting " + table + " in " + splits.size() + " Spark partitions from " + source.type()
                + "." + source.connection(), () -> {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(run.session.sparkContext());
            List<ColumnType> types = schema.columns().stream().map(c -> c.type()).toList();
            SplitTask task = new SplitTask(source, types);
            JavaRDD<Row> read = context.parallelize(splits, splits.size()).mapPartitions(task);
            return run.keep(table, run.session.createDataFrame(read, SparkTypes.toSpark(schema)));
        });
        progress.rows(rows, 0);
        return new Loaded(rows, 0);
    }
}
