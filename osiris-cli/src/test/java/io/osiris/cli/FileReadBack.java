package io.osiris.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.core.types.TypeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** Reads a CSV, Parquet or JSON file of {@link TypeRoundTripIT} back into DuckDB, each column typed as the map says. */
final class FileReadBack {
    private FileReadBack() {
    }

    /** The SELECT that types the file's columns as the engine's table of the same rows: {@code id}, then {@code c0...}. */
    static String typedSelect(List<TypeMap.Row> rows, Path file, String target) {
        StringBuilder select = new StringBuilder("SELECT CAST(id AS INTEGER) AS id");
        for (int i = 0; i < rows.size(); i++) {
            String type = rows.get(i).cell("duckdb").type();
            String column = TypeRoundTripIT.column(i);
            select.append(", CAST(").append(column).append(" AS ").append(type).append(") AS ").append(column);
        }
        String path = "'" + file + "'";
        String from = switch (target) {
            case "csv" -> "read_csv(" + path + ", header = true, all_varchar = true, allow_quoted_nulls = false)";
            case "parquet" -> "read_parquet(" + path + ")";
            default -> "json_text";
        };
        return select.append(" FROM ").append(from).toString();
    }

    /**
     * The JSON file's values as text in a table {@code json_text}: read with exact numbers (DuckDB's
     * read_json parses them as doubles, which the map documents), a JSON column as its document.
     */
    static void jsonAsText(Connection c, List<TypeMap.Row> rows, Path file) throws Exception {
        StringBuilder create = new StringBuilder("CREATE TABLE json_text (id VARCHAR");
        StringBuilder insert = new StringBuilder("INSERT INTO json_text VALUES (?");
        for (int i = 0; i < rows.size(); i++) {
            create.append(", ").append(TypeRoundTripIT.column(i)).append(" VARCHAR");
            insert.append(", ?");
        }
        try (Statement st = c.createStatement()) {
            st.execute(create.append(')').toString());
        }
        ObjectMapper exact = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        try (java.sql.PreparedStatement ps = c.prepareStatement(insert.append(')').toString())) {
            for (String line : Files.readAllLines(file)) {
                JsonNode object = exact.readTree(line);
                ps.setString(1, object.path("id").asText());
                for (int i = 0; i < rows.size(); i++) {
                    JsonNode value = object.path(TypeRoundTripIT.column(i));
                    ps.setString(i + 2, value.isNull() || value.isMissingNode() ? null
                            : value.isNumber() ? value.decimalValue().toPlainString()
                            : value.isValueNode() ? value.asText() : value.toString());
                }
                ps.executeUpdate();
            }
        }
    }

}
