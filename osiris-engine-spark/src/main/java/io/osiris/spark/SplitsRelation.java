package io.osiris.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.TableScan;
import org.apache.spark.sql.types.StructType;

/**
 * The splits' rows as a Spark relation whose tasks hand out Spark's internal rows
 * ({@link SplitTask}), as Spark's own JDBC source does: {@link #needConversion} false tells Spark
 * the rows need no encoder, so no value is converted twice.
 */
final class SplitsRelation extends BaseRelation implements TableScan {
    private final SQLContext context;
    private final StructType schema;
    private final RDD<InternalRow> rows;

    SplitsRelation(SQLContext context, StructType schema, RDD<InternalRow> rows) {
        this.context = context;
        this.schema = schema;
        this.rows = rows;
    }

    @Override
    public SQLContext sqlContext() {
        return context;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public boolean needConversion() {
        return false;
    }

    /** Internal rows where {@link TableScan} says rows: what {@link #needConversion} false asks for. */
    @Override
    @SuppressWarnings("unchecked")
    public RDD<Row> buildScan() {
        return (RDD<Row>) (RDD<?>) rows;
    }
}
