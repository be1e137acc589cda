package io.osiris.core.discovery;

import java.util.Optional;

/** The steps of progressive sampling: 10 rows, then 100, then 1000 when asked for more. */
public enum SampleLevel {
    /** 10 rows: what a table description carries. */
    SMALL(10),
    /** 100 rows. */
    MEDIUM(100),
    /** 1000 rows, the most discovery ever reads. */
    LARGE(1000);

    private final int rows;

    SampleLevel(int rows) {
        this.rows = rows;
    }

    /** How many rows this level reads at most. */
    public int rows() {
        return rows;
    }

    /** The next larger level, or empty at the largest. */
    public Optional<SampleLevel> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /**
     * The level of a row count: exactly 10, 100 or 1000.
     *
     * @throws IllegalArgumentException for any other count
     */
    public static SampleLevel ofRows(int rows) {
        for (SampleLevel level : values()) {
            if (level.rows == rows) {
                return level;
            }
        }
        throw new IllegalArgumentException("sample sizes are 10, 100 or 1000, not " + rows);
    }
}
