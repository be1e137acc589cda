package io.osiris.core.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.config.SecretMask;
import io.osiris.core.config.TextFiles;
import io.osiris.core.sql.SqlSafety;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code osiris-pipeline-v2} YAML. Validation is static (no source is
 * contacted) and reports every problem at once, each with its YAML path and line; a dry run
 * then checks the pipeline against the live sources.
 *
 * <p>Immutable and thread-safe; create one per set of known connector types.
 */
public final class PipelineParser {
    /** The first line every pipeline file starts with. */
    public static final String MAGIC = "# osiris-pipeline-v2";

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Pattern ID = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> TOP_KEYS = Set.of("name", "version", "description", "extract", "transform", "load");
    private static final Set<String> EXTRACT_KEYS =
            Set.of("id", "source", "connection", "path", "query", "table", "columns", "where", "limit");
    private static final Set<String> TRANSFORM_KEYS = Set.of("id", "engine", "sql");
    private static final Set<String> LOAD_KEYS =
            Set.of("id", "from", "to", "connection", "path", "table", "mode", "primary_key", "compression");
    /** Words DuckDB will not take as a bare table name. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "default", "deferrable", "desc", "describe", "distinct", "do", "else", "end", "except", "false",
            "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
            "lateral", "leading", "limit", "not", "null", "offset", "on", "only", "or", "order", "pivot",
            "pivot_longer", "pivot_wider", "placing", "primary", "qualify", "references", "returning", "select",
            "show", "some", "summarize", "symmetric", "table", "then", "to", "trailing", "true", "union",
            "unique", "unpivot", "using", "variadic", "when", "where", "window", "with");

    private final SortedSet<String> connectorTypes;

    /** Whether a word is one DuckDB will not take as a bare table name, so no step id may be it. */
    public static boolean isReservedWord(String word) {
        return RESERVED.contains(word);
    }

    /**
     * A parser that accepts these connector types in {@code source:} and {@code to:}
     * (the registry's {@code types()}); {@code duckdb} is always known.
     */
    public PipelineParser(Set<String> connectorTypes) {
        TreeSet<String> types = new TreeSet<>(requireNonNull(connectorTypes, "connectorTypes"));
        types.add("duckdb");
        this.connectorTypes = types;
    }

    /** The connector types this parser accepts. */
    public SortedSet<String> connectorTypes() {
        return connectorTypes;
    }

    /**
     * Parses and validates a pipeline.
     *
     * @param yaml   the pipeline text
     * @param source the file name used in problems ({@code pipelines/top.yaml}); may be empty
     * @throws ValidationException with every problem found
     */
    public Pipeline parse(String yaml, String source) {
        Result result = check(yaml, source);
        if (!result.problems.isEmpty()) {
            throw new ValidationException(result.problems);
        }
        return result.pipeline;
    }

    /** Every problem of a pipeline, in line order; empty when it is valid. */
    public List<Problem> problems(String yaml, String source) {
        return check(yaml, source).problems;
    }

    private record Result(Pipeline pipeline, List<Problem> problems) {
    }

    private Result check(String yaml, String source) {
        requireNonNull(yaml, "yaml");
        requireNonNull(source, "source");
        try {
            TextFiles.checkSize(yaml, "the pipeline");
        } catch (ConfigurationException e) {
            return new Result(null, List.of(new Problem(source, "", 0, e.getMessage())));
        }
        Checker checker = new Checker(yaml, source);
        Pipeline pipeline = checker.run();
        List<Problem> problems = new ArrayList<>(checker.problems);
        problems.sort(Comparator.comparingInt(Problem::line));
        return new Result(problems.isEmpty() ? pipeline : null, List.copyOf(problems));
    }

    /** The dialect extraction SQL for a connector type is written in. */
    static SqlDialect dialectOf(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "mysql", "mariadb" -> SqlDialect.MYSQL;
            case "supabase", "postgres", "postgresql" -> SqlDialect.POSTGRES;
            case "duckdb" -> SqlDialect.DUCKDB;
            default -> SqlDialect.ANSI;
        };
    }

    /** Whether a key looks like it holds a secret: the name fallback of {@link SecretMask#looksSecret}. */
    static boolean isSecretKey(String key) {
        return SecretMask.looksSecret(key);
    }

    /** One validation pass over one document. */
    private final class Checker {
        private final String source;
        private final String yaml;
        private final List<Problem> problems = new ArrayList<>();
        private YamlDocument doc;

        Checker(String yaml, String source) {
            this.yaml = yaml;
            this.source = source;
        }

        private void problem(String path, String message) {
            problems.add(new Problem(source, path, doc == null ? 0 : doc.line(path), message));
        }

        Pipeline run() {
            String firstLine = yaml.lines().findFirst().orElse("").strip();
            doc = YamlDocument.parse(yaml, source);
            if (!firstLine.equals(MAGIC)) {
                problems.add(new Problem(source, "", 1, "the first line must be '" + MAGIC
                        + "' (found '" + abbreviate(firstLine) + "')"));
            }
            problems.addAll(doc.problems());
            if (!doc.problems().isEmpty()) {
                return null;
            }
            JsonNode root = doc.root();
            if (!root.isObject()) {
                problem("", "a pipeline is a mapping with name, extract, transform and load");
                return null;
            }
            findSecrets(root, "");
            unknownKeys(root, "", TOP_KEYS);

            String name = text(root, "name", "", true);
            if (name != null && !NAME.matcher(name).matches()) {
                problem("name", "'" + name + "' is not a valid name: use lowercase letters, digits and _ ([a-z0-9_]+)");
            }
            String version = text(root, "version", "", false);
            String description = text(root, "description", "", false);

            Map<String, String> ids = new LinkedHashMap<>(); // id -> path of its first definition
            List<ExtractStep> extracts = new ArrayList<>();
            List<TransformStep> transforms = new ArrayList<>();
            List<LoadStep> loads = new ArrayList<>();

            JsonNode extractList = list(root, "extract");
            for (int i = 0; i < extractList.size(); i++) {
                ExtractStep step = extract(extractList.get(i), "extract[" + i + "]", ids);
                if (step != null) {
                    extracts.add(step);
                }
            }
            JsonNode transformList = list(root, "transform");
            List<JsonNode> transformNodes = new ArrayList<>();
            for (int i = 0; i < transformList.size(); i++) {
                TransformStep step = transform(transformList.get(i), "transform[" + i + "]", ids);
                if (step != null) {
                    transforms.add(step);
                    transformNodes.add(transformList.get(i));
                }
            }
            if (extractList.isEmpty() && transformList.isEmpty() && root.has("load")) {
                problem("", "a pipeline needs at least one extract (or transform) step to load from");
            }
            checkTransformTables(extracts, transforms);

            JsonNode loadList = list(root, "load");
            if (loadList.isEmpty()) {
                problem(root.has("load") ? "load" : "", "a pipeline needs at least one load step");
            }
            for (int i = 0; i < loadList.size(); i++) {
                LoadStep step = load(loadList.get(i), "load[" + i + "]", ids, extracts, transforms);
                if (step != null) {
                    loads.add(step);
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new Pipeline(name, version, description, extracts, transforms, loads);
        }

        private ExtractStep extract(JsonNode node, String path, Map<String, String> ids) {
            if (!node.isObject()) {
                problem(path, "an extract step is a mapping with id, source and query or table");
                return null;
            }
            unknownKeys(node, path, EXTRACT_KEYS);
            String id = id(node, path, ids);
            String type = text(node, "source", path, true);
            if (type != null && !connectorTypes.contains(type)) {
                problem(path + ".source", unknownType(type));
            }
            String connection = text(node, "connection", path, false);
            String file = text(node, "path", path, false);
            if (!file.isEmpty() && type != null && !type.equals("duckdb")) {
                problem(path + ".path", "'path' names a file source (duckdb); for " + type
                        + " name a connection from .osiris.yaml instead");
            }
            if (!file.isEmpty() && node.has("connection")) {
                problem(path + ".connection", "give either 'path' or 'connection', not both");
            }
            String query = text(node, "query", path, false);
            String table = text(node, "table", path, false);
            boolean hasQuery = node.has("query");
            boolean hasTable = node.has("table");
            long limit = nonNegative(node, "limit", path);
            Extraction extraction = null;
            SqlSafety safety = SqlSafety.forDialect(dialectOf(type == null ? "" : type));
            if (hasQuery == hasTable) {
                problem(path, hasQuery ? "give either 'query' or 'table', not both"
                        : "an extract needs 'query' (one SELECT) or 'table'");
            } else if (hasQuery) {
                if (node.has("columns") || node.has("where")) {
                    problem(path + (node.has("columns") ? ".columns" : ".where"),
                            "'columns' and 'where' go with 'table'; put them in the query instead");
                }
                if (query.isBlank()) {
                    problem(path + ".query", "the query is empty");
                } else {
                    String sql = stripSemicolon(query);
                    safety.refusal(sql).ifPresent(reason -> problem(path + ".query", "refused SQL: " + reason));
                    extraction = new Extraction.Query(sql, limit);
                }
            } else {
                List<String> columns = strings(node, "columns", path);
                String where = text(node, "where", path, false);
                if (table.isBlank()) {
                    problem(path + ".table", "the table name is empty");
                } else {
                    if (!where.isBlank()) {
                        // The filter is pasted into SQL: it must be one condition that passes every SQL check.
                        safety.filterRefusal(where).ifPresent(
                                reason -> problem(path + ".where", "refused filter: " + reason));
                    }
                    extraction = new Extraction.Table(table, columns, where, limit);
                }
            }
            if (id == null || type == null || extraction == null) {
                return null;
            }
            return new ExtractStep(id, type, connection.isEmpty() ? ExtractStep.DEFAULT_CONNECTION : connection,
                    file, extraction);
        }

        private TransformStep transform(JsonNode node, String path, Map<String, String> ids) {
            if (!node.isObject()) {
                problem(path, "a transform step is a mapping with id and sql");
                return null;
            }
            unknownKeys(node, path, TRANSFORM_KEYS);
            String id = id(node, path, ids);
            String engine = text(node, "engine", path, false);
            if (!engine.isEmpty() && !engine.equals(TransformStep.DEFAULT_ENGINE)) {
                problem(path + ".engine", "unknown engine '" + engine + "'; the only engine is duckdb");
            }
            String sql = text(node, "sql", path, true);
            if (sql != null && sql.isBlank()) {
                problem(path + ".sql", "the SQL is empty");
                return null;
            }
            if (id == null || sql == null) {
                return null;
            }
            return new TransformStep(id, engine.isEmpty() ? TransformStep.DEFAULT_ENGINE : engine,
                    stripSemicolon(sql));
        }

        private static final String ONLY_STEPS = "a transform reads only extracts and earlier transforms,"
                + " by their ids (files, URLs and the engine's catalog are out of its reach)";

        private void checkTransformTables(List<ExtractStep> extracts, List<TransformStep> transforms) {
            if (transforms.isEmpty()) {
                return;
            }
            Set<String> available = new HashSet<>();
            extracts.forEach(e -> available.add(e.id()));
            Set<String> later = new HashSet<>();
            transforms.forEach(t -> later.add(t.id()));
            try (TransformSql parser = new TransformSql()) {
                for (int i = 0; i < transforms.size(); i++) {
                    TransformStep t = transforms.get(i);
                    String path = transformPath(t.id());
                    later.remove(t.id());
                    TransformSql.Parsed parsed = parser.parse(t.sql());
                    if (parsed.error().isPresent()) {
                        problem(path + ".sql", "DuckDB cannot run this SQL: " + parsed.error().get());
                    } else {
                        for (String read : parsed.outside()) {
                            problem(path + ".sql", "reads " + read + ", which is not a step; " + ONLY_STEPS);
                        }
                        for (String table : parsed.tables()) {
                            if (available.contains(table)) {
                                continue;
                            }
                            if (table.contains(".") || table.contains("/")) {
                                // A qualified name (another schema or attached database) or a file's.
                                problem(path + ".sql", "reads '" + table + "', which is not a step; " + ONLY_STEPS);
                            } else if (table.equals(t.id())) {
                                problem(path + ".sql", "the transform reads its own table '" + table + "'");
                            } else if (later.contains(table)) {
                                problem(path + ".sql", "reads '" + table + "', a transform that runs later; "
                                        + "move this step after it");
                            } else {
                                problem(path + ".sql", "reads table '" + table + "', which no earlier step creates"
                                        + (available.isEmpty() ? "" : "; steps it can read: "
                                        + String.join(", ", new TreeSet<>(available))));
                            }
                        }
                    }
                    available.add(t.id());
                }
            }
        }

        private String transformPath(String id) {
            JsonNode list = doc.root().path("transform");
            for (int i = 0; i < list.size(); i++) {
                if (id.equals(list.get(i).path("id").asText(null))) {
                    return "transform[" + i + "]";
                }
            }
            return "transform";
        }

        private LoadStep load(JsonNode node, String path, Map<String, String> ids, List<ExtractStep> extracts,
                List<TransformStep> transforms) {
            if (!node.isObject()) {
                problem(path, "a load step is a mapping with id, to and path or table");
                return null;
            }
            unknownKeys(node, path, LOAD_KEYS);
            String id = id(node, path, ids);
            String from = text(node, "from", path, false);
            Set<String> readable = new HashSet<>();
            extracts.forEach(e -> readable.add(e.id()));
            transforms.forEach(t -> readable.add(t.id()));
            if (from.isEmpty()) {
                if (!transforms.isEmpty()) {
                    from = transforms.get(transforms.size() - 1).id();
                } else if (extracts.size() == 1) {
                    from = extracts.get(0).id();
                } else if (extracts.size() > 1) {
                    problem(path, "say which step to load with 'from': there is no transform and "
                            + extracts.size() + " extracts");
                }
            } else if (!readable.contains(from)) {
                boolean isKnownLoad = ids.containsKey(from) && ids.get(from).startsWith("load");
                problem(path + ".from", isKnownLoad ? "'" + from + "' is a load step; load from an extract or transform"
                        : "no step '" + from + "' to load from" + (readable.isEmpty() ? ""
                        : "; steps: " + String.join(", ", new TreeSet<>(readable))));
            }
            String to = text(node, "to", path, true);
            String file = text(node, "path", path, false);
            String table = text(node, "table", path, false);
            String connection = text(node, "connection", path, false);
            WriteMode mode = mode(node, path);
            List<String> primaryKey = strings(node, "primary_key", path);
            String compression = text(node, "compression", path, false).toLowerCase(Locale.ROOT);
            if (to == null) {
                return null;
            }
            LoadTarget target = LoadTarget.of(to);
            if (node.has("compression")) {
                if (target != LoadTarget.PARQUET) {
                    problem(path + ".compression", "'compression' applies to parquet files; a " + to
                            + " load has none");
                } else if (!LoadStep.PARQUET_COMPRESSIONS.contains(compression)) {
                    problem(path + ".compression", "unknown Parquet compression '" + compression + "': use "
                            + String.join(", ", LoadStep.PARQUET_COMPRESSIONS));
                }
            }
            if (target == LoadTarget.CONNECTOR && !connectorTypes.contains(to)) {
                problem(path + ".to", "unknown target '" + to + "': use csv, parquet, json, duckdb or a connector type"
                        + " (known types: " + String.join(", ", connectorTypes) + ")");
            }
            switch (target) {
                case CSV, PARQUET, JSON -> {
                    if (file.isBlank()) {
                        problem(path, "a " + to + " load needs 'path', the file to write");
                    }
                    for (String key : List.of("table", "primary_key", "connection")) {
                        if (node.has(key)) {
                            problem(path + "." + key, "'" + key + "' does not apply to a " + to + " file");
                        }
                    }
                    if (node.has("mode") && mode != WriteMode.REPLACE && mode != null) {
                        problem(path + ".mode", "a " + to + " file is always replaced as a whole; "
                                + "drop 'mode' or use replace");
                    }
                }
                case DUCKDB -> {
                    if (file.isBlank()) {
                        problem(path, "a duckdb load needs 'path', the database file");
                    }
                    if (table.isBlank()) {
                        problem(path, "a duckdb load needs 'table', the table to write");
                    }
                }
                case CONNECTOR -> {
                    if (table.isBlank()) {
                        problem(path, "a " + to + " load needs 'table', the table to write");
                    }
                    if (node.has("path")) {
                        problem(path + ".path", "'path' is for files and duckdb; a " + to
                                + " load names a 'connection' and a 'table'");
                    }
                }
                default -> throw new IllegalStateException(target.name());
            }
            if (mode == WriteMode.UPSERT && primaryKey.isEmpty()) {
                problem(path + ".mode", "upsert needs 'primary_key', the columns that identify a row");
            }
            if (id == null || mode == null || from.isEmpty()) {
                return null;
            }
            WriteMode effective = target.isFile() ? WriteMode.REPLACE : mode;
            return new LoadStep(id, from, to, connection.isEmpty() ? ExtractStep.DEFAULT_CONNECTION : connection,
                    file, table, effective, primaryKey, target == LoadTarget.PARQUET ? compression : "");
        }

        private WriteMode mode(JsonNode node, String path) {
            String value = text(node, "mode", path, false);
            if (value.isEmpty()) {
                return WriteMode.APPEND;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "append" -> WriteMode.APPEND;
                case "replace" -> WriteMode.REPLACE;
                case "upsert" -> WriteMode.UPSERT;
                default -> {
                    problem(path + ".mode", "unknown mode '" + value + "': use append, replace or upsert");
                    yield null;
                }
            };
        }

        private String id(JsonNode node, String path, Map<String, String> ids) {
            String id = text(node, "id", path, true);
            if (id == null) {
                return null;
            }
            if (!ID.matcher(id).matches()) {
                problem(path + ".id", "'" + id + "' is not a valid step id: it becomes a table name, so use "
                        + "lowercase letters, digits and _, starting with a letter or _ (at most 63)");
                return null;
            }
            if (RESERVED.contains(id)) {
                problem(path + ".id", "'" + id + "' is an SQL keyword and cannot name a table; choose another id");
                return null;
            }
            String first = ids.putIfAbsent(id, path);
            if (first != null) {
                problem(path + ".id", "duplicate id '" + id + "' (first used at " + first + ", line "
                        + doc.line(first + ".id") + ")");
                return null;
            }
            return id;
        }

        private void unknownKeys(JsonNode node, String path, Set<String> known) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!known.contains(key) && !isSecretKey(key)) {
                    problem(join(path, key), "unknown key '" + key + "'; known keys here: "
                            + String.join(", ", new TreeSet<>(known)));
                }
            }
        }

        private void findSecrets(JsonNode node, String path) {
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String child = join(path, field.getKey());
                    if (isSecretKey(field.getKey())) {
                        problem(child, "secrets do not belong in a pipeline: remove '" + field.getKey()
                                + "' and put it on the connection in .osiris.yaml (connections.<type>.<name>."
                                + field.getKey() + ", e.g. ${MYSQL_PASSWORD} read from the environment)");
                    }
                    findSecrets(field.getValue(), child);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    findSecrets(node.get(i), path + "[" + i + "]");
                }
            }
        }

        private JsonNode list(JsonNode root, String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            }
            if (!node.isArray()) {
                problem(key, "'" + key + "' is a list of steps (each item starts with '- id:')");
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            }
            return node;
        }

        /** A scalar as text: null (with a problem) when required and missing, "" when optional and missing. */
        private String text(JsonNode node, String key, String path, boolean required) {
            JsonNode value = node.get(key);
            String at = join(path, key);
            if (value == null || value.isNull()) {
                if (required) {
                    problem(value == null ? path : at, "missing '" + key + "'");
                    return null;
                }
                return "";
            }
            if (!value.isValueNode()) {
                problem(at, "'" + key + "' must be a single value, not a " + (value.isArray() ? "list" : "mapping"));
                return required ? null : "";
            }
            return value.asText();
        }

        private List<String> strings(JsonNode node, String key, String path) {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (value.isValueNode()) {
                return List.of(value.asText());
            }
            List<String> out = new ArrayList<>();
            if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isValueNode() && !value.get(i).isNull()) {
                        out.add(value.get(i).asText());
                    } else {
                        problem(join(path, key) + "[" + i + "]", "expected a column name");
                    }
                }
                return out;
            }
            problem(join(path, key), "'" + key + "' is a list of column names");
            return out;
        }

        private long nonNegative(JsonNode node, String key, String path) {
            String text = text(node, key, path, false);
            if (text.isEmpty()) {
                return 0;
            }
            try {
                long value = Long.parseLong(text.trim());
                if (value < 0) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                problem(join(path, key), "'" + key + "' must be a whole number >= 0, not '" + text + "'");
                return 0;
            }
        }

        private String unknownType(String type) {
            return "unknown connector type '" + type + "'; known types: " + String.join(", ", connectorTypes);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String stripSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

}
