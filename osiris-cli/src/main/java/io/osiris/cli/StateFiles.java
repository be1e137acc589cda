package io.osiris.cli;

import io.osiris.core.state.StateDatabase;
import io.osiris.llm.agent.AgentSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a command that failed: a state file it created and left without a session or
 * a recorded run is removed (a schema cache alone is not worth a file the person did not ask for).
 */
final class StateFiles {
    private StateFiles() {
    }

    /** Removes {@code file} (and SQLite's side files, and its directory when empty) if it holds no session or run. */
    static void removeIfUnused(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (StateDatabase db = StateDatabase.open(file)) {
            if (db.namespaces().stream().anyMatch(n -> n.startsWith(AgentSession.NAMESPACE_PREFIX))
                    || db.runLog().count() > 0) {
                return;
            }
        } catch (RuntimeException e) {
            return;
        }
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
            Path directory = file.getParent();
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(directory);
                }
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(StateFiles.class).debug("Could not remove the unused state file {}: {}", file,
                    e.getMessage());
        }
    }
}
