package io.osiris.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.state.IStateStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One namespace of a {@link StateDatabase}. Values are stored as JSON text, so they come back as
 * the JSON tree Jackson reads: maps, lists, strings, numbers, booleans and null.
 */
final class SQLiteStateStore implements IStateStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateDatabase database;
    private final String namespace;

    SQLiteStateStore(StateDatabase database, String namespace) {
        this.database = database;
        this.namespace = namespace;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void set(String key, Object value) {
        requireKey(key);
        checkJson(value, "value of '" + key + "'", new IdentityHashMap<>());
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the value of '" + key + "' cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
        // One autocommitted upsert: concurrent writers from other processes queue on SQLite's lock.
        database.update("INSERT INTO state (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                namespace, key, json, Instant.now().toString());
    }

    @Override
    public Optional<Object> get(String key) {
        requireKey(key);
        List<String> values = database.query("SELECT value FROM state WHERE namespace = ? AND key = ?",
                List.of(namespace, key));
        if (values.isEmpty()) {
            return Optional.empty();
        }
        try {
            // A stored JSON null comes back as "absent": Optional cannot hold null.
            return Optional.ofNullable(JSON.readValue(values.get(0), Object.class));
        } catch (JsonProcessingException e) {
            throw new ExecutionFailedException("State file " + database.file() + ": the value of '" + key
                    + "' in namespace '" + namespace + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void remove(String key) {
        requireKey(key);
        database.update("DELETE FROM state WHERE namespace = ? AND key = ?", namespace, key);
    }

    @Override
    public List<String> keys() {
        return database.query("SELECT key FROM state WHERE namespace = ? ORDER BY key", List.of(namespace));
    }

    @Override
    public void clear() {
        database.update("DELETE FROM state WHERE namespace = ?", namespace);
    }

    @Override
    public String toString() {
        return "SQLiteStateStore[" + database.file() + "#" + namespace + "]";
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be null or empty");
        }
    }

    /** Accepts exactly the JSON types the interface promises; anything else would not round trip. */
    private static void checkJson(Object value, String where, Map<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return;
        }
        if (value instanceof Number n) {
            if (!(n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                    || n instanceof Double || n instanceof Float || n instanceof BigDecimal || n instanceof BigInteger)) {
                throw new IllegalArgumentException(where + ": " + n.getClass().getName() + " is not a JSON number type");
            }
            if ((n instanceof Double d && (d.isNaN() || d.isInfinite()))
                    || (n instanceof Float f && (f.isNaN() || f.isInfinite()))) {
                throw new IllegalArgumentException(where + ": " + n + " is not a JSON number");
            }
            return;
        }
        if (seen.put(value, Boolean.TRUE) != null) {
            throw new IllegalArgumentException(where + ": the value contains itself");
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkJson(list.get(i), where + "[" + i + "]", seen);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException(where + ": map keys must be strings, got " + e.getKey());
                }
                checkJson(e.getValue(), where + "." + k, seen);
            }
        } else {
            throw new IllegalArgumentException(where + ": " + value.getClass().getName()
                    + " is not JSON-serialisable; use maps, lists, strings, numbers, booleans and null");
        }
        seen.remove(value);
    }
}
