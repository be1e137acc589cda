package io.osiris.api;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with an input, and where it is.
 *
 * @param source  the file or input name ({@code pipeline.yaml}, {@code --sql}); empty when there is none
 * @param path    the YAML/JSON path ({@code extract[0].query}); empty for the whole input
 * @param line    1-based line number, or 0 when unknown
 * @param message what is wrong and, where it helps, what to do
 */
public record Problem(String source, String path, int line, String message) {
    public Problem {
        requireNonNull(source, "source");
        requireNonNull(path, "path");
        requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    /** A problem without a location. */
    public static Problem of(String message) {
        return new Problem("", "", 0, message);
    }

    /** Renders as {@code file:line: path: message}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!source.isEmpty()) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        } else if (line > 0) {
            sb.append("line ").append(line).append(": ");
        }
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
