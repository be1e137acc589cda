package io.osiris.api.connector.capability;

import java.nio.file.Path;

/**
 * A connector whose data is one local database file in a format a transform engine may open
 * itself (read-only), so extractions need not stream through Java: the built-in {@code duckdb}
 * connector offers it.
 */
public interface DatabaseFile extends ConnectorCapability {

    /** The file, absolute. */
    Path path();

    /** The file's format, as engines name it: {@code duckdb}. */
    String format();
}
