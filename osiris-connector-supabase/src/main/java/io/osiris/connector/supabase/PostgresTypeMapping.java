package io.osiris.connector.supabase;

import io.osiris.api.connector.NativeType;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.data.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * The published PostgreSQL type map: each row's portable type is what {@link PostgresTypes#portable}
 * gives the type as pgjdbc names it, and each created column is {@link PostgresTypes#ddl}, the
 * functions the extractor, discovery and the writer call.
 */
final class PostgresTypeMapping implements TypeMapping {
    static final PostgresTypeMapping INSTANCE = new PostgresTypeMapping();

    private final List<NativeType> reads;

    private PostgresTypeMapping() {
        List<NativeType> rows = new ArrayList<>();
        row(rows, "boolean", "bool", 0, 0, "");
        row(rows, "smallint", "int2", 0, 0, "");
        row(rows, "integer", "int4", 0, 0, "");
        row(rows, "bigint", "int8", 0, 0, "");
        row(rows, "real", "float4", 0, 0, "");
        row(rows, "double precision", "float8", 0, 0, "");
        row(rows, "numeric(38,10)", "numeric", 38, 10, "");
        row(rows, "numeric(50,10)", "numeric", 50, 10, "wider than 38 digits: its exact plain text");
        row(rows, "numeric", "numeric", 0, 0, "unconstrained: as stored; a load rounds to 18 fractional digits");
        row(rows, "char(10)", "bpchar", 10, 0, "");
        row(rows, "varchar(255)", "varchar", 255, 0, "");
        row(rows, "text", "text", 0, 0, "");
        row(rows, "date", "date", 0, 0, "");
        row(rows, "time(6)", "time", 0, 0, "");
        row(rows, "time(6) with time zone", "timetz", 0, 0, "its text in UTC (12:00:00+02 reads as 10:00:00+00)");
        row(rows, "interval", "interval", 0, 0, "its text (1 year 2 mons 3 days 04:05:06)");
        row(rows, "timestamp(6)", "timestamp", 0, 0, "");
        row(rows, "timestamp(6) with time zone", "timestamptz", 0, 0, "an instant in UTC; the offset is not kept");
        row(rows, "bytea", "bytea", 0, 0, "");
        row(rows, "json", "json", 0, 0, "");
        row(rows, "jsonb", "jsonb", 0, 0, "");
        row(rows, "uuid", "uuid", 0, 0, "");
        row(rows, "inet", "inet", 0, 0, "its text (192.168.0.1/24)");
        row(rows, "money", "money", 0, 0, "its text in the server's lc_monetary ($1,234.56)");
        row(rows, "integer[]", "_int4", 0, 0, "a JSON array, nested arrays nested");
        row(rows, "text[]", "_text", 0, 0, "a JSON array of strings");
        this.reads = List.copyOf(rows);
    }

    private static void row(List<NativeType> rows, String declaration, String typeName, int precision, int scale,
            String change) {
        rows.add(new NativeType(declaration, PostgresTypes.portable(typeName, false, precision, scale), change));
    }

    @Override
    public List<NativeType> reads() {
        return reads;
    }

    @Override
    public String columnType(ColumnType type) {
        return PostgresTypes.ddl(type);
    }

    @Override
    public String writeChange(ColumnType type) {
        return switch (type.kind()) {
            // jsonb, not json: what Supabase users index and query.
            case JSON -> "jsonb: whitespace, key order and duplicate keys normalised";
            case STRING -> "a NUL character is refused";
            case INTERVAL -> "reads back as its text (STRING)";
            default -> "";
        };
    }
}
