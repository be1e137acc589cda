package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The step ids of one pipeline, checked as they are read: each is a valid table name, not an
 * SQL keyword, and unique across extract, transform and load.
 */
final class StepIds {
    private static final Pattern ID = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Words DuckDB will not take as a bare table name. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "default", "deferrable", "desc", "describe", "distinct", "do", "else", "end", "except", "false",
            "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
            "lateral", "leading", "limit", "not", "null", "offset", "on", "only", "or", "order", "pivot",
            "pivot_longer", "pivot_wider", "placing", "primary", "qualify", "references", "returning", "select",
            "show", "some", "summarize", "symmetric", "table", "then", "to", "trailing", "true", "union",
            "unique", "unpivot", "using", "variadic", "when", "where", "window", "with");

    private final NodeReader reader;
    private final Map<String, String> paths = new LinkedHashMap<>(); // id -> path of its first definition

    StepIds(NodeReader reader) {
        this.reader = reader;
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word);
    }

    /** The step's id, or null (with a problem) when it is missing, malformed, a keyword or taken. */
    String read(JsonNode node, String path) {
        String id = reader.text(node, "id", path, true);
        if (id == null) {
            return null;
        }
        if (!ID.matcher(id).matches()) {
            reader.problem(path + ".id", "'" + id + "' is not a valid step id: it becomes a table name, so use "
                    + "lowercase letters, digits and _, starting with a letter or _ (at most 63)");
            return null;
        }
        if (RESERVED.contains(id)) {
            reader.problem(path + ".id", "'" + id + "' is an SQL keyword and cannot name a table; choose another id");
            return null;
        }
        String first = paths.putIfAbsent(id, path);
        if (first != null) {
            reader.problem(path + ".id", "duplicate id '" + id + "' (first used at " + first + ", line "
                    + reader.line(first + ".id") + ")");
            return null;
        }
        return id;
    }

    /** Whether {@code id} names a load step read so far. */
    boolean isLoad(String id) {
        return paths.containsKey(id) && paths.get(id).startsWith("load");
    }
}
