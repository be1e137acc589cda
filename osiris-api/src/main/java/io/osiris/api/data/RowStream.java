package io.osiris.api.data;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;

/**
 * A forward-only cursor over rows that carries its schema. It holds one row at a time, so a
 * stream of any length is consumed in constant memory; it is single-use and not thread-safe.
 *
 * <p>Usage mirrors JDBC: call {@link #next()} until it returns false, read the current row
 * with {@link #get(int)} or the typed getters, and close the stream (try-with-resources).
 * Values have the Java class {@link TypeKind#javaType()} of their column's kind; SQL NULL is
 * {@code null}. Typed getters let hot paths avoid boxing; they must not be called on a NULL
 * value (check {@link #isNull(int)} first).
 */
public interface RowStream extends AutoCloseable {

    /** The columns of every row. */
    RowSchema schema();

    /**
     * Advances to the next row.
     *
     * @return false when there are no more rows
     * @throws io.osiris.api.OsirisException when the source fails while reading
     */
    boolean next();

    /** The value of a column (0-based) of the current row, or {@code null} for SQL NULL. */
    Object get(int column);

    /** Whether a column of the current row is SQL NULL. */
    default boolean isNull(int column) {
        return get(column) == null;
    }

    /** A {@code BOOLEAN} column of the current row. */
    default boolean getBoolean(int column) {
        return (Boolean) get(column);
    }

    /** A {@code SMALLINT}, {@code INTEGER} or {@code BIGINT} column of the current row. */
    default long getLong(int column) {
        return ((Number) get(column)).longValue();
    }

    /** A {@code REAL} or {@code DOUBLE} column of the current row. */
    default double getDouble(int column) {
        return ((Number) get(column)).doubleValue();
    }

    /** A {@code DECIMAL} column of the current row. */
    default BigDecimal getDecimal(int column) {
        return (BigDecimal) get(column);
    }

    /** A {@code STRING} or {@code JSON} column of the current row. */
    default String getString(int column) {
        return (String) get(column);
    }

    /**
     * Asks the source to stop producing rows, from any thread (for example on Ctrl-C). A
     * cancelled stream's {@link #next()} ends or throws; {@link #close()} is still required.
     */
    default void cancel() {
    }

    /** Releases the cursor and its connection. Idempotent; never throws a checked exception. */
    @Override
    void close();

    /**
     * A stream over rows already in memory or generated lazily, for tests and small sources.
     * Each row is a list with one value per column.
     */
    static RowStream of(RowSchema schema, Iterable<? extends List<?>> rows) {
        return new IteratorRowStream(schema, rows.iterator());
    }

    /** A stream over rows produced by an iterator, consumed lazily. */
    static RowStream of(RowSchema schema, Iterator<? extends List<?>> rows) {
        return new IteratorRowStream(schema, rows);
    }
}
