package io.osiris.api.state;

import java.util.List;
import java.util.Optional;

/**
 * Durable key-value state for one namespace (a session, or the schema cache), so two
 * sessions never see each other's keys. Values are JSON-serialisable: {@code null},
 * {@link Boolean}, {@link Number}, {@link String}, {@link List} and {@code Map<String, ?>}
 * of those; they come back as the same JSON tree. Never store a secret here.
 */
public interface IStateStore {

    /** The namespace this store reads and writes. */
    String namespace();

    /**
     * Stores a value, replacing any under the same key.
     *
     * @throws IllegalArgumentException when the value is not JSON-serialisable
     */
    void set(String key, Object value);

    /** The value under a key, if set. */
    Optional<Object> get(String key);

    /** The value under a key, or {@code defaultValue} when unset. */
    default Object get(String key, Object defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** Removes a key; does nothing when unset. */
    void remove(String key);

    /** The keys set in this namespace, sorted. */
    List<String> keys();

    /** Removes every key of this namespace, and nothing else. */
    void clear();
}
