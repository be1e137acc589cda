package com.example.osiris.csv;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.time.DateTimeException;

/** Rows of one table file, decoded one record at a time; holds the file open until closed. */
final class CsvRowStream implements RowStream {
    private final CsvTableFile file;
    private final RowSchema schema;
    private final int[] columns;
    private final ColumnType[] types;
    private final long limit;
    private final Object[] current;
    private long served;
    private boolean hasRow;
    private boolean closed;
    private volatile boolean cancelled;

    /**
     * @param file    the open table, positioned at its first data record; closed with this stream
     * @param schema  the columns handed out
     * @param columns for each handed-out column, its index in the table
     * @param limit   the most rows to hand out, 0 for all
     */
    CsvRowStream(CsvTableFile file, RowSchema schema, int[] columns, long limit) {
        this.file = file;
        this.schema = schema;
        this.columns = columns.clone();
        this.limit = limit == 0 ? Long.MAX_VALUE : limit;
        this.current = new Object[columns.length];
        this.types = new ColumnType[columns.length];
        for (int i = 0; i < columns.length; i++) {
            types[i] = schema.column(i).type();
        }
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        hasRow = false;
        if (closed || cancelled || served >= limit) {
            return false;
        }
        String[] record = file.next();
        if (record == null) {
            return false;
        }
        for (int i = 0; i < columns.length; i++) {
            String text = record[columns[i]];
            try {
                current[i] = text == null ? null : CsvValues.parse(types[i].kind(), text);
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new ExecutionFailedException("csv: " + file.file() + " line " + file.line() + ", column '"
                        + schema.column(i).name() + "': cannot read '" + abbreviate(text) + "' as " + types[i]
                        + " (" + e.getMessage() + ")", e);
            }
        }
        served++;
        hasRow = true;
        return true;
    }

    @Override
    public Object get(int column) {
        if (!hasRow) {
            throw new IllegalStateException("no current row: call next() first");
        }
        return current[column];
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            hasRow = false;
            file.close();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
