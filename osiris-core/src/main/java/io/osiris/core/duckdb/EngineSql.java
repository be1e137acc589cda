package io.osiris.core.duckdb;

import io.osiris.api.data.RowSchema;
import java.nio.file.Path;
import java.util.List;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * The SQL text the engine's operations share: the columns a staged table gets, and the
 * SELECTs that read and write the bulk CSV text of {@link io.osiris.api.connector.capability}.
 */
final class EngineSql {
    /** read_csv's buffer: DuckDB's longest line (max_line_size), which no buffer may be shorter than. */
    private static final int CSV_BUFFER = 2 * 1024 * 1024;

    private EngineSql() {
    }

    /** Staged tables take rows as they come: a source's NOT NULL is its promise, not ours to enforce. */
    static RowSchema notNullFree(RowSchema schema) {
        return new RowSchema(schema.columns().stream()
                .map(c -> new io.osiris.api.data.ColumnInfo(c.name(), c.type(), true, c.nativeType(), c.comment()))
                .toList());
    }

    /** {@code SELECT ... FROM read_csv(...)} with every column typed, in the order of the table's columns. */
    static String csvSelect(RowSchema schema, Path file) {
        return csvSelect(schema, List.of(file));
    }

    /** {@link #csvSelect(RowSchema, Path)} over several files at once, read side by side. */
    static String csvSelect(RowSchema schema, List<Path> files) {
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder columns = new StringBuilder("{");
        for (int i = 0; i < schema.size(); i++) {
            var type = schema.column(i).type();
            String name = "c" + i;
            String csvType = switch (type.kind()) {
                case STRING, JSON, BINARY -> "VARCHAR";
                default -> DuckDbTypes.toDuckDb(type);
            };
            columns.append(i > 0 ? ", " : "").append(Sql.literal(name)).append(": ").append(Sql.literal(csvType));
            select.append(i > 0 ? ", " : "")
                    .append(switch (type.kind()) {
                        case BINARY -> "from_hex(substr(" + name + ", 3))";
                        // What an INSERT into the staged table's JSON column would do.
                        case JSON -> "CAST(" + name + " AS JSON)";
                        default -> name;
                    })
                    .append(" AS ").append(Sql.quote(schema.column(i).name()));
        }
        columns.append('}');
        String sources = files.size() == 1 ? Sql.literal(files.get(0).toString())
                : files.stream().map(f -> Sql.literal(f.toString())).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        return select.append(" FROM read_csv(").append(sources)
                .append(", columns = ").append(columns)
                .append(", header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',")
                // Rows end with LF; told so, the reader keeps a CR LF inside quotes (sniffing, it fails there).
                .append(" nullstr = '', allow_quoted_nulls = false, new_line = '\\n',")
                // A pipe is read a buffer at a time, and while that buffer is parsed the source waits
                // on a full pipe: DuckDB's default (16 lines of 2 MB) let the source and the parse take
                // turns, one buffer of the longest line lets them overlap (2M rows from PostgreSQL:
                // 1.50 -> 1.15 s). The longest line stays DuckDB's default, 2 MB.
                .append(" buffer_size = ").append(CSV_BUFFER).append(')').toString();
    }

    /** The SELECT that writes a table's rows in the load CSV form, or null when a column has no exact form. */
    static String csvExportSelect(DuckDBConnection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.quote(table) + " LIMIT 0")) {
            var md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (!DuckDbTypes.mapsExactly(md.getColumnTypeName(i))) {
                    return null;
                }
            }
            return csvText(ResultSetRowStream.schemaOf(md), Sql.quote(table));
        }
    }

    /** The SELECT of {@code relation}'s columns in the load CSV's text: binary as {@code \x} and hex. */
    static String csvText(RowSchema schema, String relation) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < schema.size(); i++) {
            var column = schema.column(i);
            String name = Sql.quote(column.name());
            select.append(i > 0 ? ", " : "").append(column.type().kind() == io.osiris.api.data.TypeKind.BINARY
                    ? "'\\x' || hex(" + name + ") AS " + name : name);
        }
        return select.append(" FROM ").append(relation).toString();
    }
}
