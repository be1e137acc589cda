package io.osiris.spark;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * A table's rows on the driver, fetched a partition at a time ({@code toLocalIterator}), so the
 * driver holds one partition, never the table.
 */
final class SparkRowStream implements RowStream {
    private final SparkRun run;
    private final String table;
    private final RowSchema schema;
    private final Iterator<Row> rows;
    private Row current;
    private boolean closed;

    SparkRowStream(SparkRun run, String table, RowSchema schema, Iterator<Row> rows) {
        this.run = run;
        this.table = table;
        this.schema = schema;
        this.rows = rows;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        // Each partition is fetched by a job of its own as the stream reaches it: in the run's group.
        boolean more = run.run("Reading " + table, rows::hasNext);
        current = more ? rows.next() : null;
        return more;
    }

    @Override
    public Object get(int column) {
        if (current == null) {
            throw new ExecutionFailedException("Reading " + table + ": no current row");
        }
        ColumnType type = schema.column(column).type();
        return SparkValues.fromSpark(current.get(column), type);
    }

    @Override
    public void cancel() {
        run.cancel();
    }

    @Override
    public void close() {
        closed = true;
        current = null;
    }
}
