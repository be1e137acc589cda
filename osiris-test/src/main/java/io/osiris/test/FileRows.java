package io.osiris.test;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows read and written by the real DuckDB: CSV, Parquet and JSON files through a sandboxed
 * engine that may open only that file, and tables of DuckDB files through the built-in
 * {@code duckdb} connector, so values come back with the same types a pipeline sees.
 */
final class FileRows {
    private static final DuckDbConnectorProvider DUCKDB = new DuckDbConnectorProvider();
    private static final String TABLE = "osiris_test_rows";

    private FileRows() {
    }

    /** CSV text with a header, read by DuckDB's CSV reader; some columns' types declared. */
    static Rows csvText(String text, Map<String, ColumnType> types) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("osiris-test-csv-");
            Path file = Files.writeString(dir.resolve("rows.csv"), text.strip() + "\n", StandardCharsets.UTF_8);
            String declared = types.isEmpty() ? "" : types.entrySet().stream()
                    .map(e -> literal(e.getKey()) + ": " + literal(duckDbType(e.getValue())))
                    .collect(Collectors.joining(", ", ", types = {", "}"));
            return read(dir, file, "read_csv(" + literal(file.toString()) + ", header = true" + declared + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CSV rows to a temporary file", e);
        } finally {
            Directories.delete(dir);
        }
    }

    /** A file a load wrote, in its format. */
    static Rows file(Path file, LoadTarget format, Path tempParent) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the run wrote no file " + file);
        }
        String path = literal(file.toString());
        return read(tempParent, file, switch (format) {
            case CSV -> "read_csv(" + path + ", header = true)";
            case PARQUET -> "read_parquet(" + path + ")";
            case JSON -> "read_json(" + path + ", format = 'newline_delimited')";
            default -> throw new IllegalArgumentException(format + " is not a file format");
        });
    }

    private static Rows read(Path tempParent, Path file, String from) {
        try (TransformEngine engine = DuckDbTransformEngine.open(tempParent, "256MB", 1, Sandbox.none().with(file))) {
            engine.createTable(TABLE, "SELECT * FROM " + from);
            try (RowStream rows = engine.read(TABLE)) {
                return collect(rows);
            }
        }
    }

    /** A table of a DuckDB database file. */
    static Rows table(Path databaseFile, String table) {
        try (Connector c = open(databaseFile); RowStream rows = c.extractor().extract(new Extraction.Table(table))) {
            return collect(rows);
        }
    }

    /** The tables of a DuckDB database file; none when it does not exist. */
    static List<String> tables(Path databaseFile) {
        if (!Files.exists(databaseFile)) {
            return List.of();
        }
        try (Connector c = open(databaseFile)) {
            return c.discovery().listTables().stream().map(t -> t.name()).sorted().toList();
        }
    }

    /** Puts rows into a table of a DuckDB database file (created if missing), replacing what it held. */
    static void put(Path databaseFile, String table, Rows rows) {
        try (Connector c = open(databaseFile)) {
            c.loader().orElseThrow().load(new LoadRequest(table, WriteMode.REPLACE), RowStream.of(rows.schema(),
                    rows.asLists()));
        }
    }

    private static Connector open(Path databaseFile) {
        return DUCKDB.open(new ConnectorConfig(DuckDbConnectorProvider.TYPE, "osiris-test",
                Map.of("path", databaseFile.toString())));
    }

    private static Rows collect(RowStream rows) {
        List<List<Object>> values = new ArrayList<>();
        int width = rows.schema().size();
        while (rows.next()) {
            List<Object> row = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                row.add(rows.get(i));
            }
            values.add(java.util.Collections.unmodifiableList(row));
        }
        return Rows.trusted(rows.schema(), values);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The DuckDB type a declared column is read as. */
    private static String duckDbType(ColumnType type) {
        return switch (type.kind()) {
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            case STRING, JSON -> "VARCHAR";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ";
            case BINARY -> "BLOB";
            default -> type.kind().name();
        };
    }
}
