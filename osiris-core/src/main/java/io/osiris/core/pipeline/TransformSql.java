package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads transform SQL with DuckDB's own parser ({@code json_serialize_sql}), which accepts
 * exactly what the engine will run (GROUP BY ALL, EXCLUDE, QUALIFY, list syntax), refuses
 * anything but SELECT statements, and hands back the syntax tree. What a query reads is in
 * that tree: its {@code BASE_TABLE} nodes (less the names its CTEs define where they are in
 * scope; a file name in quotes, {@code FROM '/etc/passwd'}, is one too), its table functions
 * ({@code read_csv(...)}, {@code glob(...)}, {@code query(...)}) and its {@code SHOW}s of the
 * catalog. Nothing is run: the parser's database opens no file.
 */
public final class TransformSql implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Table functions that read nothing but their arguments: they make rows, like a VALUES
     * list. Every other one reads outside the pipeline (files, URLs, the catalog, SQL text).
     */
    private static final Set<String> GENERATORS = Set.of("range", "generate_series", "unnest");

    private final Connection connection;

    /**
     * What the parser made of one statement.
     *
     * @param error     why the SQL cannot be a transform, when it cannot
     * @param tables    the tables it reads, lower case, {@code schema.table} or
     *                  {@code catalog.schema.table} when it names them so
     * @param outside   what else it reads, which no step can be: a table function
     *                  ({@code read_csv()}) or a {@code SHOW} of the catalog
     */
    public record Parsed(Optional<String> error, Set<String> tables, Set<String> outside) {
        public Parsed {
            Objects.requireNonNull(error, "error");
            // In the order the SQL names them, for problems in that order.
            tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
            outside = Collections.unmodifiableSet(new LinkedHashSet<>(outside));
        }
    }

    /** Opens an in-memory DuckDB for parsing; close it when done. */
    public TransformSql() {
        try {
            this.connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new ExecutionFailedException("Cannot start an in-memory DuckDB to check transform SQL: "
                    + e.getMessage(), e);
        }
    }

    /** DuckDB's syntax tree of one SELECT (its {@code statements[0].node}), or empty when it does not parse. */
    public Optional<JsonNode> tree(String sql) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT json_serialize_sql('" + sql.replace("'", "''") + "')")) {
            rs.next();
            JsonNode tree = JSON.readTree(rs.getString(1));
            JsonNode statements = tree.path("statements");
            return tree.path("error").asBoolean(false) || statements.size() != 1 ? Optional.empty()
                    : Optional.of(statements.get(0).path("node"));
        } catch (SQLException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Parses one transform's SQL. */
    public Parsed parse(String sql) {
        String json;
        // The function wants a constant, so the SQL goes in as a string literal (quotes doubled).
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT json_serialize_sql('" + sql.replace("'", "''") + "')")) {
            rs.next();
            json = rs.getString(1);
        } catch (SQLException e) {
            return new Parsed(Optional.of(e.getMessage()), Set.of(), Set.of());
        }
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree.path("error").asBoolean(false)) {
                String message = tree.path("error_message").asText("cannot parse");
                if (message.contains("Only SELECT")) {
                    message = "only a SELECT (or WITH ... SELECT) statement may transform; "
                            + "the engine creates the table itself";
                }
                return new Parsed(Optional.of(message), Set.of(), Set.of());
            }
            JsonNode statements = tree.path("statements");
            if (statements.size() != 1) {
                return new Parsed(Optional.of(statements.isEmpty() ? "the SQL holds no statement"
                        : "the SQL holds " + statements.size() + " statements; a transform is exactly one SELECT"),
                        Set.of(), Set.of());
            }
            Set<String> tables = new LinkedHashSet<>();
            Set<String> outside = new LinkedHashSet<>();
            collect(statements.get(0), Set.of(), tables, outside);
            return new Parsed(Optional.empty(), tables, outside);
        } catch (java.io.IOException e) {
            return new Parsed(Optional.of("cannot read DuckDB's parse tree: " + e.getMessage()), Set.of(),
                    Set.of());
        }
    }

    /**
     * Walks the tree; {@code ctes} are the CTE names in scope at {@code node}: a node's own CTEs
     * are in scope in its subtree (their definitions too, for recursive CTEs), not beside it.
     */
    private static void collect(JsonNode node, Set<String> ctes, Set<String> tables, Set<String> outside) {
        if (node.isObject()) {
            Set<String> scope = ctes;
            JsonNode map = node.path("cte_map").path("map");
            if (map.size() > 0) {
                scope = new HashSet<>(ctes);
                for (JsonNode entry : map) {
                    scope.add(entry.path("key").asText("").toLowerCase(Locale.ROOT));
                }
            }
            switch (node.path("type").asText("")) {
                case "BASE_TABLE" -> {
                    String schema = node.path("schema_name").asText("");
                    String catalog = node.path("catalog_name").asText("");
                    String table = node.path("table_name").asText("").toLowerCase(Locale.ROOT);
                    String prefix = (catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".");
                    if (!prefix.isEmpty() || !scope.contains(table)) {
                        tables.add(prefix.toLowerCase(Locale.ROOT) + table);
                    }
                }
                case "TABLE_FUNCTION" -> {
                    JsonNode function = node.path("function");
                    String name = function.path("function_name").asText("").toLowerCase(Locale.ROOT);
                    String schema = function.path("schema").asText("");
                    String catalog = function.path("catalog").asText("");
                    boolean plain = catalog.isEmpty() && (schema.isEmpty() || schema.equalsIgnoreCase("main"));
                    if (!plain || !GENERATORS.contains(name)) {
                        outside.add((catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".")
                                + name + "()");
                    }
                }
                // DESCRIBE or SUMMARIZE of a query reads what the query reads; SHOW TABLES and
                // kin (a name instead of a query) read the catalog.
                case "SHOW_REF" -> {
                    if (!node.path("table_name").asText("").isEmpty()) {
                        outside.add("SHOW " + node.path("table_name").asText().replace("\"", ""));
                    }
                }
                default -> {
                }
            }
            Set<String> inScope = scope;
            node.elements().forEachRemaining(child -> collect(child, inScope, tables, outside));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, ctes, tables, outside));
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
