package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Incremental extraction: a run reads only the rows whose cursor column reached the watermark
 * the last committed run left ({@code cursor >= watermark - lookback}), and its new watermark
 * is the largest cursor value it read, kept exactly (microseconds, every digit of a decimal).
 * Rows equal to the watermark are read again on purpose, so a row that arrives later with the
 * same cursor value is never lost; load such a step with {@code upsert} on its key so a row
 * read twice is written once.
 *
 * @param cursor   the column whose value only grows when a row is inserted or updated
 *                 (an update time, an increasing id)
 * @param lookback how far before the watermark a run reads again, to catch rows committed late;
 *                 zero for none (timestamp and date cursors only)
 * @param initial  the watermark of the first run (and of a full refresh); empty to read every row
 * @param nulls    what happens to rows whose cursor is NULL
 */
public record Incremental(String cursor, Duration lookback, String initial, Nulls nulls) {

    /** What a run does with rows whose cursor is NULL: they can never reach a watermark. */
    public enum Nulls {
        /** Every run reads them again (the default: no row is ever left out). */
        INCLUDE,
        /** No run reads them: they are left out of the extraction. */
        EXCLUDE
    }

    public Incremental {
        requireNonNull(cursor, "cursor");
        requireNonNull(lookback, "lookback");
        requireNonNull(initial, "initial");
        requireNonNull(nulls, "nulls");
        if (cursor.isBlank()) {
            throw new IllegalArgumentException("cursor must not be blank");
        }
        if (lookback.isNegative()) {
            throw new IllegalArgumentException("lookback must not be negative");
        }
    }

    /** On {@code cursor}, without lookback or initial value, NULL cursors included. */
    public static Incremental on(String cursor) {
        return new Incremental(cursor, Duration.ZERO, "", Nulls.INCLUDE);
    }

    /** This with {@code lookback} instead of its own. */
    public Incremental withLookback(Duration lookback) {
        return new Incremental(cursor, lookback, initial, nulls);
    }

    /** This with {@code initial} as the first run's watermark. */
    public Incremental withInitial(String initial) {
        return new Incremental(cursor, lookback, initial, nulls);
    }

    /** This with {@code nulls} instead of its own policy. */
    public Incremental withNulls(Nulls nulls) {
        return new Incremental(cursor, lookback, initial, nulls);
    }

    /** The first run's watermark, if one is set. */
    public Optional<String> initialValue() {
        return initial.isEmpty() ? Optional.empty() : Optional.of(initial);
    }
}
