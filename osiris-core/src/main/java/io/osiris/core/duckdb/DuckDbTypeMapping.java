package io.osiris.core.duckdb;

import io.osiris.api.connector.NativeType;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.data.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * The published DuckDB type map: each row's portable type is what {@link DuckDbTypes#toPortable}
 * gives the type name, and each created column is {@link DuckDbTypes#toDuckDb}, the functions the
 * extractor, discovery and the loader call.
 */
final class DuckDbTypeMapping implements TypeMapping {
    static final DuckDbTypeMapping INSTANCE = new DuckDbTypeMapping();

    private final List<NativeType> reads;

    private DuckDbTypeMapping() {
        List<NativeType> rows = new ArrayList<>();
        row(rows, "BOOLEAN", "");
        row(rows, "TINYINT", "");
        row(rows, "UTINYINT", "");
        row(rows, "SMALLINT", "");
        row(rows, "USMALLINT", "");
        row(rows, "INTEGER", "");
        row(rows, "UINTEGER", "");
        row(rows, "BIGINT", "");
        row(rows, "UBIGINT", "");
        row(rows, "HUGEINT", "beyond 38 digits fails the load");
        row(rows, "FLOAT", "");
        row(rows, "DOUBLE", "");
        row(rows, "DECIMAL(38,10)", "");
        row(rows, "VARCHAR", "");
        row(rows, "BLOB", "");
        row(rows, "DATE", "");
        row(rows, "TIME", "");
        row(rows, "INTERVAL", "one with months or years fails the read (no fixed length)");
        row(rows, "TIMESTAMP", "");
        row(rows, "TIMESTAMP WITH TIME ZONE", "an instant in UTC");
        row(rows, "UUID", "");
        row(rows, "JSON", "");
        row(rows, "INTEGER[]", "its text ([1, 2, 3])");
        this.reads = List.copyOf(rows);
    }

    private static void row(List<NativeType> rows, String declaration, String change) {
        rows.add(new NativeType(declaration, DuckDbTypes.toPortable(declaration), change));
    }

    @Override
    public List<NativeType> reads() {
        return reads;
    }

    @Override
    public String columnType(ColumnType type) {
        return DuckDbTypes.toDuckDb(type);
    }
}
