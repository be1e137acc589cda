package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.osiris.api.Problem;
import io.osiris.api.Suggestions;
import io.osiris.core.config.SecretMask;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the values of one pipeline document's nodes and collects the problems of one
 * validation pass, each with its YAML path and the line the document maps it to. Every
 * reader reports what is wrong and returns a usable default, so a pass goes on and finds
 * every problem at once.
 */
final class NodeReader {
    private final String source;
    private final YamlDocument doc;
    private final List<Problem> problems = new ArrayList<>();

    NodeReader(String source, YamlDocument doc) {
        this.source = source;
        this.doc = doc;
    }

    /** The document's tree. */
    JsonNode root() {
        return doc.root();
    }

    /** The number token a scalar was written as, if it was a number (the tree keeps numbers as text). */
    java.util.Optional<com.fasterxml.jackson.core.JsonToken> number(String path) {
        return doc.number(path);
    }

    /** The line of a path, 0 when unknown. */
    int line(String path) {
        return doc.line(path);
    }

    void problem(String path, String message) {
        problems.add(new Problem(source, path, doc.line(path), message));
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<Problem> problems() {
        return problems;
    }

    /** A list of steps under {@code key}: empty when missing, empty with a problem when not a list. */
    JsonNode list(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            problem(key, "'" + key + "' is a list of steps (each item starts with '- id:')");
            return JsonNodeFactory.instance.arrayNode();
        }
        return node;
    }

    /** A scalar as text: null (with a problem) when required and missing, "" when optional and missing. */
    String text(JsonNode node, String key, String path, boolean required) {
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

    /** A list of column names; a single value is a list of one. */
    List<String> strings(JsonNode node, String key, String path) {
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

    /** A whole number >= 0; 0 when missing or (with a problem) malformed. */
    long nonNegative(JsonNode node, String key, String path) {
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

    /** Reports the keys of a mapping that are not {@code known} (a secret-looking key has its own problem). */
    void unknownKeys(JsonNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!known.contains(key) && !isSecretKey(key)) {
                problem(join(path, key), "unknown key '" + key + "'" + Suggestions.didYouMean(key, known)
                        + "; known keys here: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** Reports every key, at any depth, that looks like it holds a secret. */
    void findSecrets(JsonNode node, String path) {
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

    /** Whether a key looks like it holds a secret: the name fallback of {@link SecretMask#looksSecret}. */
    static boolean isSecretKey(String key) {
        return SecretMask.looksSecret(key);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** SQL without its trailing semicolons, which a step holds but a statement run by Osiris must not. */
    static String stripSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
