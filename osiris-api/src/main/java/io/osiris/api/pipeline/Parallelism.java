package io.osiris.api.pipeline;

import io.osiris.api.connector.capability.SplitRequest;

/**
 * How many splits an extract step reads at once ({@code parallelism: 4} or
 * {@code parallelism: auto}, the default). Only a source that offers
 * {@link io.osiris.api.connector.capability.SplitRead} splits; any other reads one stream.
 *
 * @param splits the splits asked for, at least 1; or 0 for {@link #AUTO}: as many as the
 *               source finds worth it for the table's size, up to what the machine runs at once
 */
public record Parallelism(int splits) {
    /** The source chooses, up to the cores the run may use. */
    public static final Parallelism AUTO = new Parallelism(0);
    /** One stream, never split. */
    public static final Parallelism ONE = new Parallelism(1);

    public Parallelism {
        if (splits < 0) {
            throw new IllegalArgumentException("parallelism must be auto or >= 1, not " + splits);
        }
    }

    /** Exactly {@code splits} splits where the source's key allows it (at least 1). */
    public static Parallelism of(int splits) {
        if (splits < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, not " + splits);
        }
        return new Parallelism(splits);
    }

    /** Whether the source chooses ({@code parallelism: auto}). */
    public boolean automatic() {
        return splits == 0;
    }

    /**
     * What to ask the source for: {@code SplitRequest.upTo(available)} when automatic,
     * else {@code SplitRequest.exactly(splits)}.
     *
     * @param available the most splits the run reads at once when automatic (at least 1)
     */
    public SplitRequest request(int available) {
        return request(available, Integer.MAX_VALUE);
    }

    /**
     * What to ask the source for when the engine reads at most {@code atOnce} splits at once:
     * as {@link #request(int)}, neither more than {@code atOnce}, since a split beyond them would
     * only wait its turn.
     *
     * @param available the most splits the run reads at once when automatic (at least 1)
     * @param atOnce    the most splits the engine reads at once (at least 1)
     */
    public SplitRequest request(int available, int atOnce) {
        int most = Math.max(1, atOnce);
        return automatic() ? SplitRequest.upTo(Math.min(Math.max(1, available), most))
                : SplitRequest.exactly(Math.min(splits, most));
    }

    /** As written in a pipeline: {@code auto} or the number. */
    @Override
    public String toString() {
        return automatic() ? "auto" : Integer.toString(splits);
    }
}
