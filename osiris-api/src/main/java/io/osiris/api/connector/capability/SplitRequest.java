package io.osiris.api.connector.capability;

/**
 * How many splits a caller asks {@link SplitRead#plan} for.
 *
 * @param parallelism the most splits to plan (at least 1)
 * @param automatic   whether the source chooses fewer by the table's size (the pipeline said
 *                    {@code parallelism: auto}); when false a source plans {@code parallelism}
 *                    splits wherever the key allows it, however small the table
 */
public record SplitRequest(int parallelism, boolean automatic) {

    public SplitRequest {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1");
        }
    }

    /** Exactly {@code parallelism} splits where the key allows it. */
    public static SplitRequest exactly(int parallelism) {
        return new SplitRequest(parallelism, false);
    }

    /** Up to {@code parallelism} splits, fewer for a small table. */
    public static SplitRequest upTo(int parallelism) {
        return new SplitRequest(parallelism, true);
    }
}
