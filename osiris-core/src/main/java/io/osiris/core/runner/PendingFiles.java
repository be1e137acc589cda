package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.core.engine.FileSystemUris;
import io.osiris.core.write.FileMoves;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a run wrote beside their targets, renamed into place (atomically where the file
 * system can) only when the whole run succeeded; closing discards those not committed, so a
 * failed or cancelled run leaves earlier outputs as they were and no partial file.
 * Thread-safe: extracts add the files they write straight into their load's target.
 */
final class PendingFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingFiles.class);

    /** A written file waiting for the run to commit. */
    interface Pending {
        /** Moves the file into place. */
        void commit();

        /** Removes the written file; never throws. */
        void discard();
    }

    /**
     * A file written to {@code temp} at a file system URI for load {@code step}, to become
     * {@code target}, moved and deleted by the engine that wrote it.
     */
    record PendingUri(FileSystemUris files, URI temp, URI target, String step) implements Pending {
        @Override
        public void commit() {
            try {
                files.move(temp, target);
            } catch (RuntimeException e) {
                throw new ExecutionFailedException("Load " + step + ": cannot move the written file into place at "
                        + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void discard() {
            files.delete(temp);
        }
    }

    /** A file written to {@code temp} for load {@code step}, to become {@code target}. */
    record PendingFile(Path temp, Path target, String step) implements Pending {
        @Override
        public void commit() {
            try {
                FileMoves.replace(temp, target);
            } catch (IOException e) {
                throw new ExecutionFailedException("Load " + step + ": cannot move the written file into place at "
                        + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void discard() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warn("Cannot remove temporary file {}: {}", temp, e.getMessage());
            }
        }
    }

    private final List<Pending> files = new ArrayList<>();

    synchronized void add(Pending file) {
        files.add(file);
    }

    /** Moves every file into place, in the order they were added. */
    synchronized void commitAll() {
        for (Pending f : files) {
            f.commit();
        }
        files.clear();
    }

    @Override
    public synchronized void close() {
        files.forEach(Pending::discard);
        files.clear();
    }
}
