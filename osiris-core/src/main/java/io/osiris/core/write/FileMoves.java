package io.osiris.core.write;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Putting a finished file in place of another, as one step wherever the file system allows. */
public final class FileMoves {
    private FileMoves() {
    }

    /**
     * Moves {@code written} onto {@code target}, replacing it: atomically where the file system
     * can (readers see the old file or the new one, never a part), else as a plain replace.
     */
    public static void replace(Path written, Path target) throws IOException {
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
