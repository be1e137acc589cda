package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Loads rows into a table file, all or nothing. Every mode writes the table's complete new
 * contents to a hidden temporary file in the same folder ({@code .NAME.<random>.tmp}) and
 * then renames it over {@code NAME.csv} with one atomic rename: readers see the old file or
 * the new one, and a load that fails at any row leaves the table exactly as it was (and a
 * table the load would have created does not appear). A new or replaced table gets its
 * sidecar {@code NAME.schema} written the same way, just before its data.
 *
 * <ul>
 *   <li>{@code append} copies the existing rows, then adds the new ones. With a primary key
 *       (from the sidecar) a key already present fails the load, naming the table.</li>
 *   <li>{@code replace} writes only the new rows, with the columns of the incoming rows; the
 *       key is the request's {@code primary_key}, else the old table's when its columns remain.</li>
 *   <li>{@code upsert} matches on the request's {@code primary_key}: existing rows keep their
 *       place and are updated, new keys are added at the end.</li>
 * </ul>
 *
 * <p><b>Memory.</b> Copying and writing stream one row at a time, but checking keys does not:
 * {@code append} and {@code replace} on a keyed table keep every key seen in a set, and
 * {@code upsert} reads the whole existing table into a map by key before writing it back.
 * That is acceptable for an example and for files of a few million rows; a connector for
 * bigger files would sort or spill to disk instead. Unkeyed loads run in constant memory.
 *
 * <p>Loads through one connector are serialised. Nothing guards against two processes
 * loading the same folder at once: the last rename wins.
 */
final class CsvLoader implements ILoader {
    private final CsvFolder folder;

    CsvLoader(CsvFolder folder) {
        this.folder = requireNonNull(folder, "folder");
    }

    @Override
    public synchronized LoadResult load(LoadRequest request, RowStream rows) {
        String name = request.table();
        if (!writeModes().contains(request.mode())) {
            // Declared by writeModes(), so core refuses such a pipeline before it runs; this is for direct callers.
            throw new ValidationException("csv: table '" + name + "': the csv connector does not take mode "
                    + request.mode().yamlName() + "; use append, replace or upsert");
        }
        Path data = folder.dataFile(name);
        createFolder();
        Path tempData = temporary(name, ".tmp");
        Path tempSchema = temporary(name, ".schema.tmp");
        try {
            CsvTable target;
            boolean created;
            boolean newDefinition;
            long written;
            // The existing file is closed before the rename: some systems refuse to replace an open file.
            try (CsvTableFile existing = folder.exists(name) ? folder.open(name) : null) {
                target = existing != null && request.mode() != WriteMode.REPLACE
                        ? existing.table()
                        : define(request, rows.schema(), existing == null ? null : existing.table());
                List<String> key = request.mode() == WriteMode.UPSERT ? request.primaryKey() : target.primaryKey();
                Rows incoming = new Rows(target, key, rows);
                try (CsvWriter out = folder.writer(tempData)) {
                    if (folder.settings().header()) {
                        out.write(target.schema().names().toArray(new String[0]));
                    }
                    written = switch (request.mode()) {
                        case APPEND -> append(existing, incoming, out);
                        case REPLACE -> append(null, incoming, out);
                        case UPSERT -> upsert(existing, incoming, out);
                        case DELETE_INSERT -> throw new IllegalStateException("refused above");
                    };
                }
                created = existing == null;
                newDefinition = created || target != existing.table();
            }
            if (newDefinition) {
                CsvSchemaFile.write(target, tempSchema);
                Files.move(tempSchema, folder.schemaFile(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(tempData, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                if (created) {
                    Files.deleteIfExists(folder.schemaFile(name));
                }
                throw e;
            }
            return new LoadResult(written, created);
        } catch (IOException e) {
            throw new ExecutionFailedException("csv: loading table '" + name + "' into " + data + " failed: "
                    + e.getMessage() + ". The table is left as it was.", e);
        } finally {
            deleteQuietly(tempData);
            deleteQuietly(tempSchema);
        }
    }

    /** Copies the existing rows (if any), then adds the new ones, refusing keys seen before. */
    private long append(CsvTableFile existing, Rows incoming, CsvWriter out) throws IOException {
        Set<Object> keys = incoming.keyed() ? new HashSet<>() : null;
        if (existing != null) {
            for (String[] record = existing.next(); record != null; record = existing.next()) {
                out.write(record);
                if (keys != null) {
                    keys.add(incoming.existingKey(record, existing));
                }
            }
        }
        long written = 0;
        while (incoming.next()) {
            written++;
            String[] record = incoming.record();
            if (keys != null && !keys.add(incoming.key(record))) {
                throw new ExecutionFailedException("csv: duplicate primary key " + incoming.describeKey(record)
                        + " in table '" + incoming.table() + "' (row " + written + " of the load); nothing"
                        + " was written. Use mode upsert to update existing rows.");
            }
            out.write(record);
        }
        return written;
    }

    /** Reads the existing rows into a map by key, applies the new rows, writes the map. */
    private long upsert(CsvTableFile existing, Rows incoming, CsvWriter out) throws IOException {
        Map<Object, String[]> byKey = new LinkedHashMap<>();
        if (existing != null) {
            for (String[] record = existing.next(); record != null; record = existing.next()) {
                byKey.put(incoming.existingKey(record, existing), record);
            }
        }
        long written = 0;
        while (incoming.next()) {
            written++;
            String[] record = incoming.record();
            byKey.put(incoming.key(record), record);
        }
        for (String[] record : byKey.values()) {
            out.write(record);
        }
        return written;
    }

    /** The definition of a table a load creates or replaces, from the incoming rows. */
    private static CsvTable define(LoadRequest request, RowSchema incoming, CsvTable old) {
        List<String> key = request.primaryKey();
        if (key.isEmpty() && old != null && incoming.names().containsAll(old.primaryKey())) {
            key = old.primaryKey();
        }
        List<String> missing = key.stream().filter(k -> incoming.indexOf(k) < 0).toList();
        if (!missing.isEmpty()) {
            throw new ValidationException("csv: primary_key " + missing + " of table '" + request.table()
                    + "' is not among the columns of the rows loaded: " + incoming.names());
        }
        // Key columns cannot hold NULL, as in SQL.
        List<ColumnInfo> columns = new ArrayList<>(incoming.size());
        for (ColumnInfo c : incoming.columns()) {
            boolean nullable = c.nullable() && !key.contains(c.name());
            columns.add(new ColumnInfo(c.name(), c.type(), nullable, "", c.comment()));
        }
        return new CsvTable(request.table(), new RowSchema(columns), key, true);
    }

    private void createFolder() {
        try {
            Files.createDirectories(folder.path());
        } catch (IOException e) {
            throw new ExecutionFailedException("csv: cannot create the folder " + folder.path() + " ("
                    + folder.settings().location() + ".path): " + e.getMessage(), e);
        }
    }

    /**
     * A temporary file name in the folder, so the final rename stays on one file system. The
     * file is created by the writer with the default permissions, which {@code createTempFile}
     * would narrow to the owner; the leading dot keeps it out of {@link CsvFolder#tableNames()}.
     */
    private Path temporary(String table, String suffix) {
        return folder.path().resolve("." + table + "." + UUID.randomUUID() + suffix);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stray hidden temporary file is harmless; the load's own outcome is what matters.
        }
    }

    /**
     * The incoming rows, mapped by name onto the target table's columns and encoded as CSV
     * fields, with the key columns to match on.
     */
    private static final class Rows {
        private final CsvTable target;
        private final RowStream rows;
        private final int[] source;
        private final int[] key;
        private long number;

        Rows(CsvTable target, List<String> keyColumns, RowStream rows) {
            this.target = target;
            this.rows = rows;
            RowSchema schema = target.schema();
            RowSchema incoming = rows.schema();
            List<String> unknown = incoming.names().stream().filter(n -> schema.indexOf(n) < 0).toList();
            if (!unknown.isEmpty()) {
                throw new ValidationException("csv: table '" + target.name() + "' has no column " + unknown
                        + "; its columns are " + schema.names() + ". Use mode replace to change its columns.");
            }
            source = new int[schema.size()];
            for (int i = 0; i < source.length; i++) {
                ColumnInfo column = schema.column(i);
                source[i] = incoming.indexOf(column.name());
                if (source[i] < 0 && (!column.nullable() || keyColumns.contains(column.name()))) {
                    throw new ValidationException("csv: the rows loaded into table '" + target.name()
                            + "' lack column '" + column.name() + "', which is part of its primary key or"
                            + " not nullable");
                }
            }
            key = new int[keyColumns.size()];
            for (int i = 0; i < key.length; i++) {
                key[i] = schema.indexOf(keyColumns.get(i));
                if (key[i] < 0) {
                    throw new ValidationException("csv: primary_key column '" + keyColumns.get(i)
                            + "' is not a column of table '" + target.name() + "': " + schema.names());
                }
            }
        }

        String table() {
            return target.name();
        }

        boolean keyed() {
            return key.length > 0;
        }

        boolean next() {
            if (!rows.next()) {
                return false;
            }
            number++;
            return true;
        }

        /** The current row as CSV fields in table order. */
        String[] record() {
            String[] fields = new String[source.length];
            for (int i = 0; i < source.length; i++) {
                if (source[i] < 0) {
                    continue;
                }
                ColumnInfo column = target.schema().column(i);
                Object value;
                try {
                    value = CsvValues.coerce(column.type(), rows.get(source[i]));
                } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                    throw new ExecutionFailedException("csv: row " + number + " of the load into table '"
                            + target.name() + "', column '" + column.name() + "': " + e.getMessage(), e);
                }
                if (value == null && !column.nullable()) {
                    throw new ExecutionFailedException("csv: row " + number + " of the load into table '"
                            + target.name() + "' has NULL in column '" + column.name() + "', which is not"
                            + " nullable");
                }
                fields[i] = CsvValues.format(column.type().kind(), value);
            }
            return fields;
        }

        /** The key of an encoded incoming record: its key field (or a list of them). */
        Object key(String[] record) {
            for (int k : key) {
                if (record[k] == null) {
                    throw new ExecutionFailedException("csv: row " + number + " of the load into table '"
                            + target.name() + "' has NULL in primary key column '"
                            + target.schema().column(k).name() + "'");
                }
            }
            return key.length == 1 ? record[key[0]] : keyList(record);
        }

        /**
         * The key of a record already in the file, in the canonical text {@link #key} produces
         * (a hand-written {@code 007} matches a loaded 7). A row without a full key is kept as
         * it is and matches nothing.
         */
        Object existingKey(String[] record, CsvTableFile file) {
            String[] canonical = record.clone();
            for (int k : key) {
                if (record[k] == null) {
                    return new Object();
                }
                TypeKind kind = target.schema().column(k).type().kind();
                try {
                    canonical[k] = CsvValues.format(kind, CsvValues.parse(kind, record[k]));
                } catch (IllegalArgumentException | DateTimeException e) {
                    throw new ExecutionFailedException("csv: " + file.file() + " line " + file.line()
                            + ": cannot read key column '" + target.schema().column(k).name() + "' value '"
                            + record[k] + "' as " + kind + " (" + e.getMessage() + ")", e);
                }
            }
            return key.length == 1 ? canonical[key[0]] : keyList(canonical);
        }

        private List<String> keyList(String[] record) {
            String[] values = new String[key.length];
            for (int i = 0; i < key.length; i++) {
                values[i] = record[key[i]];
            }
            return Arrays.asList(values);
        }

        String describeKey(String[] record) {
            List<String> names = new ArrayList<>();
            for (int k : key) {
                names.add(target.schema().column(k).name());
            }
            return "(" + String.join(", ", names) + ") = (" + String.join(", ", keyList(record)) + ")";
        }
    }
}
