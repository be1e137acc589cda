package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Extraction;

/**
 * Reads rows from a source into a table named after the step.
 *
 * @param id         the step id and the name of the table transforms read
 * @param source     the connector type ({@code mysql}, {@code supabase}, {@code duckdb})
 * @param connection the named connection in {@code .osiris.yaml}; {@code default} unless set
 * @param path       a file-based source's file ({@code duckdb}), used instead of a named
 *                   connection; empty when the connection is named
 * @param extraction the query, or the table with optional columns and filter
 */
public record ExtractStep(String id, String source, String connection, String path, Extraction extraction)
        implements Step {

    /** The connection name used when a step names none. */
    public static final String DEFAULT_CONNECTION = "default";

    public ExtractStep {
        requireNonNull(id, "id");
        requireNonNull(source, "source");
        requireNonNull(connection, "connection");
        requireNonNull(path, "path");
        requireNonNull(extraction, "extraction");
    }

    /** Whether the source is given by a file path rather than a named connection. */
    public boolean hasPath() {
        return !path.isEmpty();
    }
}
