package io.osiris.api.connector;

/**
 * What a load did.
 *
 * @param rowsWritten  rows inserted or updated
 * @param tableCreated whether the loader created the target table
 */
public record LoadResult(long rowsWritten, boolean tableCreated) {
    public LoadResult {
        if (rowsWritten < 0) {
            throw new IllegalArgumentException("rowsWritten must be >= 0");
        }
    }
}
