package io.osiris.core.runner;

import io.osiris.api.data.TypeKind;
import io.osiris.api.state.IStateStore;
import io.osiris.core.state.StateDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where a runner keeps the watermarks of incremental extracts, per pipeline and step: the
 * {@code watermarks} namespace of the state file, opened only when a pipeline first needs it,
 * or (a runner without one) memory for the runner's lifetime.
 */
final class WatermarkStore {
    /** The state file's namespace of watermarks; keys are {@code pipeline/step}. */
    static final String NAMESPACE = "watermarks";

    /**
     * One stored watermark.
     *
     * @param value the exact text ({@code 2024-05-01T10:00:00.123456}, {@code 1042})
     * @param type  the cursor's type it was read as
     * @param seen  the hashes of the rows the run loaded that the next run reads again (at the
     *              watermark, in the lookback window, with a NULL cursor), so it loads them only
     *              when they changed; empty when the step's rows are not told apart so
     */
    record Watermark(String value, TypeKind type, List<String> seen) {
        Watermark {
            seen = List.copyOf(seen);
        }
    }

    private final Supplier<StateDatabase> state;
    private final Map<String, Watermark> memory = new ConcurrentHashMap<>();
    private IStateStore store;

    private WatermarkStore(Supplier<StateDatabase> state) {
        this.state = state;
    }

    static WatermarkStore inMemory() {
        return new WatermarkStore(null);
    }

    static WatermarkStore of(Supplier<StateDatabase> state) {
        return new WatermarkStore(state);
    }

    Optional<Watermark> get(String pipeline, String step) {
        String key = key(pipeline, step);
        if (state == null) {
            return Optional.ofNullable(memory.get(key));
        }
        return store().get(key).filter(Map.class::isInstance).map(Map.class::cast).flatMap(m -> {
            Object value = m.get("value");
            Object type = m.get("type");
            if (!(value instanceof String v) || !(type instanceof String t)) {
                return Optional.empty();
            }
            List<String> seen = m.get("seen") instanceof List<?> hashes
                    ? hashes.stream().map(String::valueOf).toList() : List.of();
            try {
                return Optional.of(new Watermark(v, TypeKind.valueOf(t), seen));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    void put(String pipeline, String step, Watermark watermark) {
        String key = key(pipeline, step);
        if (state == null) {
            memory.put(key, watermark);
            return;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("value", watermark.value());
        value.put("type", watermark.type().name());
        if (!watermark.seen().isEmpty()) {
            value.put("seen", watermark.seen());
        }
        store().set(key, value);
    }

    private synchronized IStateStore store() {
        if (store == null) {
            store = state.get().forNamespace(NAMESPACE);
        }
        return store;
    }

    private static String key(String pipeline, String step) {
        return pipeline + "/" + step;
    }
}
