package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.RowStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the CSV files of the folder and describes them from their sidecar or header. CSV has
 * no foreign keys. Listing gives no row counts (it would read every file); describing one
 * table counts its rows when the file is at most 16 MiB, and reports -1 (unknown) beyond.
 */
final class CsvDiscovery implements IDiscovery {
    private final CsvFolder folder;
    private final CsvExtractor extractor;

    CsvDiscovery(CsvFolder folder, CsvExtractor extractor) {
        this.folder = requireNonNull(folder, "folder");
        this.extractor = requireNonNull(extractor, "extractor");
    }

    @Override
    public List<TableSummary> listTables() {
        return folder.tableNames().stream().map(name -> new TableSummary(name, TableKind.TABLE, -1)).toList();
    }

    @Override
    public TableInfo getTableInfo(String table, int sampleRows) {
        CsvTable definition;
        long rows;
        try (CsvTableFile file = folder.open(table)) {
            definition = file.table();
            rows = CsvTableFile.countable(file.file()) ? file.count() : -1;
        }
        String comment = definition.typed() ? "" : "plain CSV without a " + table + CsvSchemaFile.SUFFIX
                + " sidecar: every column reads as STRING";
        return new TableInfo(table, TableKind.TABLE, definition.schema().columns(), definition.primaryKey(),
                List.of(), rows, comment, sampleRows(table, sampleRows));
    }

    @Override
    public List<List<Object>> sampleRows(String table, int limit) {
        if (limit <= 0) {
            folder.describe(table);
            return List.of();
        }
        List<List<Object>> rows = new ArrayList<>();
        try (RowStream stream = extractor.extract(new Extraction.Table(table, List.of(), "", limit))) {
            int width = stream.schema().size();
            while (stream.next()) {
                List<Object> row = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    row.add(stream.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
