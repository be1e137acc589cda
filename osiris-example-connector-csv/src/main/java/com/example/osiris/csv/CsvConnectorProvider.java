package com.example.osiris.csv;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import java.util.List;

/**
 * The {@code csv} connector: a folder of CSV files as a source and a destination. It is the
 * worked example of a third-party connector, written against {@code osiris-api} only and
 * registered in {@code META-INF/services/io.osiris.api.connector.ConnectorProvider}.
 *
 * <p>Configuration ({@code connections.csv.NAME} in {@code .osiris.yaml}): {@code path}, the
 * folder (required; created by the first load when missing); {@code delimiter}, one character
 * ({@code ,} by default, {@code \t} for tabs); {@code header}, whether the first line of each
 * file names the columns ({@code true} by default).
 *
 * <p>Each {@code NAME.csv} file in the folder is a table {@code NAME}. CSV has no types, so
 * loads write a sidecar {@code NAME.schema} beside the data (see {@link CsvSchemaFile}) from
 * which reads take types, nullability and the primary key; a plain CSV file without one reads
 * as nullable STRING columns. Values are written so that every portable type reads back
 * exactly (see {@link CsvValues}); an unquoted empty field is NULL and a quoted empty field
 * ({@code ""}) is the empty string.
 *
 * <p>There is no SQL: extractions read a table (columns and limit, no {@code where}), and a
 * query fails with an error that says so. Loads are all or nothing: every mode writes a new
 * file beside the old one and renames it over the table atomically.
 */
public final class CsvConnectorProvider implements ConnectorProvider {

    /** Creates the provider; nothing is read until {@link #open}. */
    public CsvConnectorProvider() {
    }

    @Override
    public String type() {
        return "csv_folder";
    }

    @Override
    public String description() {
        return "A folder of CSV files, one table per file: discovery, streaming reads, append/replace/upsert loads";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.required("path", "the folder holding the tables, one NAME.csv file each"),
                ConfigKey.optional("delimiter", "the field delimiter, one character; default ',' ('\\t' for tab)"),
                ConfigKey.optional("header", "whether the first line names the columns; default true"),
                // Osiris gives every connection its limits.statement_timeout: declare it, or open() refuses it.
                ConfigKey.optional("statement_timeout", "accepted for every connection; files have no statements"));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        config.requireKnownKeys(configKeys());
        return new CsvConnector(config.type(), CsvSettings.from(config));
    }
}
