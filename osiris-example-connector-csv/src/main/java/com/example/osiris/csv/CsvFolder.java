package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder a connection points at: which files make up a table, and how they are opened.
 * A table {@code NAME} is the file {@code NAME.csv} with an optional sidecar {@code NAME.schema}.
 * Files starting with a dot are never tables: loads write their temporary files under such names.
 */
final class CsvFolder {
    static final String DATA_SUFFIX = ".csv";

    private final CsvSettings settings;

    CsvFolder(CsvSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    CsvSettings settings() {
        return settings;
    }

    Path path() {
        return settings.folder();
    }

    /** The table names, sorted; none when the folder does not exist yet. */
    List<String> tableNames() {
        if (!Files.isDirectory(path())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path(), "*" + DATA_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(file)) {
                    names.add(name.substring(0, name.length() - DATA_SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("csv: cannot list the tables in " + path() + " ("
                    + settings.location() + "): " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /** The data file of a table, which may not exist. */
    Path dataFile(String table) {
        return path().resolve(checkName(table) + DATA_SUFFIX);
    }

    /** The sidecar schema file of a table, which may not exist. */
    Path schemaFile(String table) {
        return path().resolve(checkName(table) + CsvSchemaFile.SUFFIX);
    }

    boolean exists(String table) {
        return Files.isRegularFile(dataFile(table));
    }

    /**
     * Opens a table for reading.
     *
     * @throws ExecutionFailedException when it does not exist or cannot be read, naming it
     */
    CsvTableFile open(String table) {
        Path data = dataFile(table);
        try {
            return CsvTableFile.open(this, table, data);
        } catch (NoSuchFileException e) {
            throw notFound(table);
        } catch (IOException | UncheckedIOException e) {
            throw new ExecutionFailedException("csv: cannot read table '" + table + "' from " + data + ": "
                    + e.getMessage(), e);
        }
    }

    /** The definition of a table, from its sidecar and header. */
    CsvTable describe(String table) {
        try (CsvTableFile file = open(table)) {
            return file.table();
        }
    }

    ExecutionFailedException notFound(String table) {
        return new ExecutionFailedException("csv: table '" + table + "' does not exist: there is no "
                + table + DATA_SUFFIX + " in " + path() + " (" + settings.location() + ")");
    }

    CsvReader reader(Path file) throws IOException {
        return new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), settings.delimiter());
    }

    CsvWriter writer(Path file) throws IOException {
        return new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), settings.delimiter());
    }

    /** A table name must name a file in this folder, not a path out of it. */
    private static String checkName(String table) {
        if (table.isBlank() || table.startsWith(".") || table.indexOf('/') >= 0 || table.indexOf('\\') >= 0
                || table.indexOf('\0') >= 0 || table.indexOf(':') >= 0) {
            throw new ValidationException("csv: '" + table + "' is not a valid table name: a table is a file"
                    + " NAME.csv in the connection's folder, so its name cannot be blank, start with a dot or"
                    + " contain / \\ or :");
        }
        return table;
    }
}
