package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads transform SQL with DuckDB's own parser ({@code json_serialize_sql}), which accepts
 * exactly what the engine will run (GROUP BY ALL, EXCLUDE, QUALIFY, list syntax), refuses
 * anything but SELECT statements, and hands back the syntax tree: the tables a query reads
 * are its {@code BASE_TABLE} nodes, less the names its CTEs define.
 */
final class TransformSql implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;

    /** What the parser made of one statement. */
    record Parsed(Optional<String> error, Set<String> tables) {
    }

    TransformSql() {
        try {
            this.connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new ExecutionFailedException("Cannot start an in-memory DuckDB to check transform SQL: "
                    + e.getMessage(), e);
        }
    }

    Parsed parse(String sql) {
        String json;
        // The function wants a constant, so the SQL goes in as a string literal (quotes doubled).
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT json_serialize_sql('" + sql.replace("'", "''") + "')")) {
            rs.next();
            json = rs.getString(1);
        } catch (SQLException e) {
            return new Parsed(Optional.of(e.getMessage()), Set.of());
        }
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree.path("error").asBoolean(false)) {
                String message = tree.path("error_message").asText("cannot parse");
                if (message.contains("Only SELECT")) {
                    message = "only a SELECT (or WITH ... SELECT) statement may transform; "
                            + "the engine creates the table itself";
                }
                return new Parsed(Optional.of(message), Set.of());
            }
            JsonNode statements = tree.path("statements");
            if (statements.size() != 1) {
                return new Parsed(Optional.of(statements.isEmpty() ? "the SQL holds no statement"
                        : "the SQL holds " + statements.size() + " statements; a transform is exactly one SELECT"),
                        Set.of());
            }
            Set<String> ctes = new LinkedHashSet<>();
            Set<String> tables = new LinkedHashSet<>();
            collect(statements.get(0), ctes, tables);
            tables.removeAll(ctes);
            return new Parsed(Optional.empty(), tables);
        } catch (java.io.IOException e) {
            return new Parsed(Optional.of("cannot read DuckDB's parse tree: " + e.getMessage()), Set.of());
        }
    }

    private static void collect(JsonNode node, Set<String> ctes, Set<String> tables) {
        if (node.isObject()) {
            if ("BASE_TABLE".equals(node.path("type").asText())) {
                String schema = node.path("schema_name").asText("");
                String catalog = node.path("catalog_name").asText("");
                String table = node.path("table_name").asText("").toLowerCase(Locale.ROOT);
                String prefix = (catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".");
                tables.add(prefix.toLowerCase(Locale.ROOT) + table);
            }
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                ctes.add(entry.path("key").asText("").toLowerCase(Locale.ROOT));
            }
            node.elements().forEachRemaining(child -> collect(child, ctes, tables));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, ctes, tables));
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing an in-memory database cannot lose data; nothing to tell the caller.
        }
    }
}
