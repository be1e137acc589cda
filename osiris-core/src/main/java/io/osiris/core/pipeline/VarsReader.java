package io.osiris.core.pipeline;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.pipeline.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code vars:}, the mapping of each variable's name to its default, whose YAML type
 * fixes the variable's type: {@code 2000} an integer, {@code 8.5} a decimal, {@code true} a
 * boolean, anything else (quoted numbers and dates too) text.
 */
final class VarsReader {
    private final NodeReader reader;

    VarsReader(NodeReader reader) {
        this.reader = reader;
    }

    List<Variable> read(JsonNode root) {
        JsonNode node = root.get("vars");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            reader.problem("vars", "'vars' maps each variable's name to its default, e.g. vars: {min_year: 2000}");
            return List.of();
        }
        List<Variable> vars = new ArrayList<>();
        Map<String, String> byEnvironmentName = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String path = "vars." + name;
            if (NodeReader.isSecretKey(name)) {
                continue; // reported by the secret check: a secret is never a variable
            }
            if (!Variables.NAME.matcher(name).matches()) {
                reader.problem(path, "'" + name + "' is not a valid variable name: use letters, digits and _,"
                        + " not starting with a digit");
                continue;
            }
            String clash = byEnvironmentName.putIfAbsent(name.toUpperCase(Locale.ROOT), name);
            if (clash != null) {
                reader.problem(path, "variables '" + clash + "' and '" + name + "' differ only in case; both would be"
                        + " set by " + Variables.environmentName(name));
                continue;
            }
            type(field.getValue(), path).ifPresent(type -> {
                String text = field.getValue().asText();
                Optional<String> value = Variables.value(type, text);
                if (value.isEmpty()) {
                    reader.problem(path, Variables.typeError(new Variable(name, type, text), text));
                } else {
                    vars.add(new Variable(name, type, value.get()));
                }
            });
        }
        return vars;
    }

    private Optional<Variable.Type> type(JsonNode value, String path) {
        if (value.isNull()) {
            reader.problem(path, "give variable '" + path.substring(5) + "' a default; its type is the default's"
                    + " (2000, 8.5, true or text)");
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            reader.problem(path, "a variable's default is one value, not a " + (value.isArray() ? "list" : "mapping"));
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(Variable.Type.BOOLEAN);
        }
        Optional<JsonToken> number = reader.number(path);
        if (number.isPresent()) {
            return Optional.of(number.get() == JsonToken.VALUE_NUMBER_INT ? Variable.Type.INTEGER
                    : Variable.Type.DECIMAL);
        }
        return Optional.of(Variable.Type.STRING);
    }
}
