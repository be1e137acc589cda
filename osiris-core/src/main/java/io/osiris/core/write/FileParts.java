package io.osiris.core.write;

import io.osiris.api.pipeline.LoadStep;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where a file load with mode {@code append} writes: each run adds a new part file to a directory
 * named after the load's path without its extension ({@code output/movies.csv} → parts in
 * {@code output/movies/}), named {@code part-<UTC time>-<run tag>.<extension>}, so the parts sort
 * in the order the runs wrote them and a reader takes them all with one glob
 * ({@code output/movies/*.csv}). Earlier parts are never opened.
 */
public final class FileParts {
    /** UTC to the microsecond, without colons (which some file systems refuse). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private FileParts() {
    }

    /** The directory of the parts of {@code file}: the file's path without its extension. */
    public static Path directory(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? file.resolveSibling(name.substring(0, dot)) : file;
    }

    /**
     * The part a run writes for {@code load}, whose path resolves to {@code file}: in
     * {@link #directory}, with the path's extension (or the format's name when it has none).
     *
     * @param runTag a tag of the run, the same for all its loads, so two runs in one microsecond differ
     */
    public static Path part(LoadStep load, Path file, Instant now, String runTag) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot + 1) : load.to();
        return directory(file).resolve(partName(extension, now, runTag));
    }

    /** The name of a part a run writes at {@code now}: {@code part-<UTC time>-<run tag>.<extension>}. */
    public static String partName(String extension, Instant now, String runTag) {
        return "part-" + TIME.format(now) + "-" + runTag + "." + extension;
    }
}
