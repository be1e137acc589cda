package io.osiris.core.state;

import io.osiris.api.state.IStateStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child process for {@link StateDatabaseTest}: writes {@code n} keys ({@code <prefix>-0} ...) into one
 * namespace of a state file, as fast as it can, while another process does the same.
 * Arguments: {@code <state file> <namespace> <prefix> <n>}.
 */
public final class StateWriterMain {
    private StateWriterMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String namespace = args[1];
        String prefix = args[2];
        int n = Integer.parseInt(args[3]);
        try (StateDatabase db = StateDatabase.open(file)) {
            IStateStore store = db.forNamespace(namespace);
            for (int i = 0; i < n; i++) {
                store.set(prefix + "-" + i, Map.of("writer", prefix, "i", i));
            }
        }
    }
}
