package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a table file in constant memory. There is no SQL: a table extraction may choose
 * columns and a limit, but not a {@code where} filter (filter in a transform instead), and a
 * query extraction fails. Reading files is read-only by construction.
 */
final class CsvExtractor implements IExtractor {
    static final String NO_SQL = "the csv connector runs no SQL; read a table";

    private final CsvFolder folder;

    CsvExtractor(CsvFolder folder) {
        this.folder = requireNonNull(folder, "folder");
    }

    @Override
    public RowStream extract(Extraction extraction) {
        Extraction.Table spec = table(extraction);
        CsvTableFile file = folder.open(spec.table());
        try {
            int[] columns = columns(file.table(), spec.columns());
            return new CsvRowStream(file, project(file.table().schema(), columns), columns, spec.limit());
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public RowSchema describe(Extraction extraction) {
        Extraction.Table spec = table(extraction);
        CsvTable table = folder.describe(spec.table());
        return project(table.schema(), columns(table, spec.columns()));
    }

    private static Extraction.Table table(Extraction extraction) {
        if (!(extraction instanceof Extraction.Table spec)) {
            throw new ExecutionFailedException(NO_SQL);
        }
        if (!spec.where().isBlank()) {
            throw new ValidationException("csv: cannot filter table '" + spec.table() + "' with where ("
                    + spec.where() + "): the csv connector reads whole files. Remove where and filter in a"
                    + " transform step.");
        }
        return spec;
    }

    /** The table index of each chosen column; all columns when none are chosen. */
    private static int[] columns(CsvTable table, List<String> chosen) {
        RowSchema schema = table.schema();
        if (chosen.isEmpty()) {
            int[] all = new int[schema.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] index = new int[chosen.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = schema.indexOf(chosen.get(i));
            if (index[i] < 0) {
                throw new ExecutionFailedException("csv: table '" + table.name() + "' has no column '"
                        + chosen.get(i) + "'; its columns are " + schema.names());
            }
        }
        return index;
    }

    private static RowSchema project(RowSchema schema, int[] columns) {
        List<ColumnInfo> chosen = new ArrayList<>(columns.length);
        for (int i : columns) {
            chosen.add(schema.column(i));
        }
        return new RowSchema(chosen);
    }
}
