package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes records that {@link CsvReader} reads back exactly: a field is quoted when it is
 * empty (so it stays apart from NULL, written as nothing), or holds the delimiter, a quote or
 * a line break; quotes inside are doubled. Records end with LF, as Unix tools expect;
 * RFC 4180 says CRLF, and every reader, this one included, accepts both.
 */
final class CsvWriter implements Closeable {
    private final Writer out;
    private final char delimiter;

    /** A writer onto {@code out}, which it closes. */
    CsvWriter(Writer out, char delimiter) {
        this.out = requireNonNull(out, "out");
        this.delimiter = delimiter;
    }

    /** Writes one record; a {@code null} field is NULL. */
    void write(String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            String value = fields[i];
            if (value == null) {
                continue;
            }
            if (needsQuotes(value)) {
                out.write('"');
                out.write(value.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(value);
            }
        }
        out.write('\n');
    }

    private boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        // A leading byte-order mark would be skipped by readers at the start of a file.
        return value.charAt(0) == '\uFEFF';
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
