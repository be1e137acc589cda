package io.osiris.api.data;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;
import java.util.List;

/** {@link RowStream} over an iterator of value lists. */
final class IteratorRowStream implements RowStream {
    private final RowSchema schema;
    private final Iterator<? extends List<?>> rows;
    private List<?> current;
    private volatile boolean cancelled;
    private boolean closed;

    IteratorRowStream(RowSchema schema, Iterator<? extends List<?>> rows) {
        this.schema = requireNonNull(schema, "schema");
        this.rows = requireNonNull(rows, "rows");
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed || cancelled || !rows.hasNext()) {
            current = null;
            return false;
        }
        List<?> row = rows.next();
        if (row.size() != schema.size()) {
            throw new IllegalStateException(
                    "row has " + row.size() + " values but the schema has " + schema.size() + " columns");
        }
        current = row;
        return true;
    }

    @Override
    public Object get(int column) {
        if (current == null) {
            throw new IllegalStateException("no current row: call next() first");
        }
        return current.get(column);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void close() {
        closed = true;
        current = null;
    }
}
