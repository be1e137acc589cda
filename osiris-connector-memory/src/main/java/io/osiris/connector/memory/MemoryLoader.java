package io.osiris.connector.memory;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads into in-memory tables: the new contents are built aside and swapped in whole, so a load
 * that fails leaves the table as it was. An upsert keeps the last row of a repeated key; a
 * delete_insert drops the rows whose key or partition values arrive, then adds the new rows. Also takes the bulk CSV text, for a database built with
 * {@code csvImport(true)}.
 */
final class MemoryLoader implements ILoader, CsvImport {
    private final MemoryDatabase db;

    MemoryLoader(MemoryDatabase db) {
        this.db = db;
    }

    /** Every mode unless the database was built with fewer. */
    @Override
    public Set<WriteMode> writeModes() {
        return db.writeModes();
    }

    @Override
    public LoadResult load(LoadRequest request, RowStream rows) {
        List<List<Object>> read = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>(rows.schema().size());
            for (int i = 0; i < rows.schema().size(); i++) {
                row.add(rows.get(i));
            }
            read.add(row);
        }
        return write(request, rows.schema(), read);
    }

    @Override
    public Optional<CsvLoad> csvLoad(LoadRequest request, RowSchema schema) {
        return Optional.of(new CsvLoad() {
            @Override
            public LoadResult readFrom(InputStream in) {
                List<List<Object>> rows;
                try {
                    rows = BulkCsv.read(in, schema);
                } catch (UncheckedIOException e) {
                    throw new ExecutionFailedException("memory: reading the CSV rows for " + request.table()
                            + " failed: " + e.getCause().getMessage(), e);
                }
                return write(request, schema, rows);
            }

            @Override
            public void cancel() {
            }
        });
    }

    private synchronized LoadResult write(LoadRequest request, RowSchema schema, List<List<Object>> rows) {
        if (!db.writeModes().contains(request.mode())) {
            throw new ValidationException("memory: database " + db.name() + " does not take mode "
                    + request.mode().yamlName() + "; it takes " + db.writeModes());
        }
        MemoryTable existing = db.table(request.table()).orElse(null);
        boolean create = existing == null || request.mode() == WriteMode.REPLACE;
        SchemaDiff diff = existing == null ? null : SchemaDiff.between(existing.schema(), schema);
        if (diff != null) {
            diff.check(request);
        }
        RowSchema target = create ? schema : evolved(existing.schema(), diff);
        List<String> key = !create ? existing.primaryKey() : !request.primaryKey().isEmpty() || existing == null
                || !existing.primaryKey().stream().allMatch(k -> schema.indexOf(k) >= 0) ? request.primaryKey()
                : existing.primaryKey();
        if (request.mode() == WriteMode.UPSERT && key.isEmpty()) {
            throw new ValidationException("memory: table " + request.table() + " has no primary key to upsert on");
        }
        int[] from = new int[target.size()];
        for (int i = 0; i < from.length; i++) {
            // A column the rows lack (schema: evolve) is NULL.
            from[i] = schema.indexOf(target.column(i).name());
        }
        Map<List<Object>, List<Object>> byKey = new LinkedHashMap<>();
        List<List<Object>> unkeyed = new ArrayList<>();
        if (!create) {
            int added = target.size() - existing.schema().size();
            Set<List<Object>> replaced = request.mode() == WriteMode.DELETE_INSERT
                    ? deleteKeys(request, schema, rows) : Set.of();
            existing.rows().stream().map(r -> padded(r, added)).filter(r -> replaced.isEmpty()
                            || !replaced.contains(values(r, target, request.deleteKey(), request.table())))
                    .forEach(r -> put(byKey, unkeyed, target, key, r, true, request.table()));
        } else if (request.mode() == WriteMode.DELETE_INSERT) {
            deleteKeys(request, schema, rows); // checks the columns
        }
        for (List<Object> row : rows) {
            List<Object> shaped = new ArrayList<>(from.length);
            for (int i : from) {
                shaped.add(i < 0 ? null : row.get(i));
            }
            put(byKey, unkeyed, target, key, shaped, request.mode() == WriteMode.UPSERT, request.table());
        }
        List<List<Object>> all = new ArrayList<>(byKey.values());
        all.addAll(unkeyed);
        MemoryTable contents = new MemoryTable(target, all, key);
        if (!db.replace(request.table(), existing, contents)) {
            throw new ExecutionFailedException("memory: table " + request.table() + " changed during the load");
        }
        return new LoadResult(rows.size(), existing == null);
    }

    /** The values of {@code request.deleteKey()} in the incoming rows (NULL matching NULL, as equals does). */
    private static Set<List<Object>> deleteKeys(LoadRequest request, RowSchema schema, List<List<Object>> rows) {
        values(java.util.Collections.nCopies(schema.size(), null), schema, request.deleteKey(), request.table());
        Set<List<Object>> keys = new HashSet<>();
        rows.forEach(r -> keys.add(values(r, schema, request.deleteKey(), request.table())));
        return keys;
    }

    private static List<Object> values(List<Object> row, RowSchema schema, List<String> columns, String table) {
        List<Object> values = new ArrayList<>(columns.size());
        for (String column : columns) {
            int i = schema.indexOf(column);
            if (i < 0) {
                throw new ValidationException("memory: delete_insert column '" + column + "' is not among the"
                        + " columns " + schema.names() + " of the load into " + table);
            }
            values.add(row.get(i));
        }
        return values;
    }

    /** The table's columns and, under {@code schema: evolve}, the rows' new ones after them. */
    private static RowSchema evolved(RowSchema table, SchemaDiff diff) {
        List<ColumnInfo> columns = new ArrayList<>(table.columns());
        diff.added().forEach(c -> columns.add(new ColumnInfo(c.name(), c.type(), true, c.nativeType(), c.comment())));
        return new RowSchema(columns);
    }

    private static List<Object> padded(List<Object> row, int nulls) {
        if (nulls == 0) {
            return row;
        }
        List<Object> longer = new ArrayList<>(row);
        for (int i = 0; i < nulls; i++) {
            longer.add(null);
        }
        return longer;
    }

    private static void put(Map<List<Object>, List<Object>> byKey, List<List<Object>> unkeyed, RowSchema schema,
            List<String> key, List<Object> row, boolean mayReplace, String table) {
        if (key.isEmpty()) {
            unkeyed.add(row);
            return;
        }
        List<Object> k = new ArrayList<>(key.size());
        key.forEach(c -> k.add(row.get(schema.indexOf(c))));
        if (!mayReplace && byKey.containsKey(k)) {
            throw new ExecutionFailedException("memory: duplicate primary key " + k + " in table " + table);
        }
        byKey.put(k, row);
    }
}
