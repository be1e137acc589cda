package com.example.osiris.csv;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One table's data file open for reading: its definition, and its data records one at a time.
 *
 * <p>The data file is opened before the sidecar is read, and with a header the header must
 * name the sidecar's columns: a load renames the sidecar and then the data file, so a reader
 * racing a load that changes the columns fails with a clear message instead of reading
 * values under the wrong names.
 */
final class CsvTableFile implements AutoCloseable {
    private final Path file;
    private final CsvReader reader;
    private final CsvTable table;

    private CsvTableFile(Path file, CsvReader reader, CsvTable table) {
        this.file = file;
        this.reader = reader;
        this.table = table;
    }

    static CsvTableFile open(CsvFolder folder, String name, Path file) throws IOException {
        CsvReader reader = folder.reader(file);
        try {
            CsvTable sidecar = readSidecar(folder.schemaFile(name), name);
            boolean header = folder.settings().header();
            String[] first = header ? reader.next() : null;
            CsvTable table;
            if (sidecar != null) {
                if (header && first != null && !Arrays.asList(first).equals(sidecar.schema().names())) {
                    throw new ExecutionFailedException("csv: the header of " + file + " names the columns "
                            + Arrays.toString(first) + " but " + folder.schemaFile(name).getFileName()
                            + " describes " + sidecar.schema().names() + ". Fix one of them, or delete the"
                            + " .schema file to read every column as STRING.");
                }
                table = sidecar;
            } else if (header) {
                table = untyped(name, first == null ? new String[0] : first);
            } else {
                // No names anywhere: column_1..column_N, as wide as the first record.
                String[] widthProbe;
                try (CsvReader probe = folder.reader(file)) {
                    widthProbe = probe.next();
                }
                table = untyped(name, new String[widthProbe == null ? 0 : widthProbe.length]);
            }
            return new CsvTableFile(file, reader, table);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static CsvTable readSidecar(Path schemaFile, String name) throws IOException {
        try {
            return CsvSchemaFile.read(name, schemaFile);
        } catch (NoSuchFileException e) {
            return null;
        } catch (CsvReader.CsvFormatException e) {
            throw new ExecutionFailedException("csv: " + schemaFile + " " + e.getMessage()
                    + ". Fix it, or delete it to read every column as STRING.", e);
        }
    }

    /** A plain CSV file: every column a nullable STRING, blank names made up from their position. */
    private static CsvTable untyped(String name, String[] names) {
        List<ColumnInfo> columns = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            String column = names[i] == null || names[i].isBlank() ? "column_" + (i + 1) : names[i];
            columns.add(new ColumnInfo(column, ColumnType.STRING));
        }
        try {
            return new CsvTable(name, new RowSchema(columns), List.of(), false);
        } catch (IllegalArgumentException e) {
            throw new ExecutionFailedException("csv: the header of table '" + name + "' is unusable: "
                    + e.getMessage(), e);
        }
    }

    CsvTable table() {
        return table;
    }

    Path file() {
        return file;
    }

    /** The line on which the last record returned by {@link #next()} starts, for messages. */
    long line() {
        return reader.recordLine();
    }

    /**
     * The next data record, exactly as wide as the table, or {@code null} at the end. Empty lines
     * are skipped in tables of more than one column (in a one-column table they are NULLs).
     *
     * @throws ExecutionFailedException when a record is malformed, naming the file and line
     */
    String[] next() {
        int width = table.schema().size();
        try {
            while (true) {
                String[] record = reader.next();
                if (record == null) {
                    return null;
                }
                if (record.length == 1 && record[0] == null && width != 1) {
                    continue;
                }
                if (record.length != width) {
                    throw new ExecutionFailedException("csv: " + file + " line " + reader.recordLine() + " has "
                            + record.length + " fields but table '" + table.name() + "' has " + width
                            + " columns " + table.schema().names());
                }
                return record;
            }
        } catch (CsvReader.CsvFormatException e) {
            throw new ExecutionFailedException("csv: " + file + " " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExecutionFailedException("csv: reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Counts the remaining data records. */
    long count() {
        long n = 0;
        while (next() != null) {
            n++;
        }
        return n;
    }

    /** Whether the data file is small enough to count its rows for discovery. */
    static boolean countable(Path file) {
        try {
            return Files.size(file) <= 16L * 1024 * 1024;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Closing a file opened for reading loses nothing; the read itself reported any failure.
        }
    }
}
