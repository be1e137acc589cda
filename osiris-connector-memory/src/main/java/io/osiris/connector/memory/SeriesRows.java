package io.osiris.connector.memory;

import java.util.AbstractList;
import java.util.List;

/** The rows 1..n of a {@code series_N} table, made as they are asked for. */
final class SeriesRows extends AbstractList<List<Object>> {
    private final long n;

    SeriesRows(long n) {
        this.n = n;
    }

    @Override
    public List<Object> get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return List.of((long) index + 1);
    }

    @Override
    public int size() {
        return (int) Math.min(n, Integer.MAX_VALUE);
    }
}
