package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time, in constant memory (one record is held at a time).
 * Fields may be quoted with {@code "}, a quote inside a quoted field is doubled, and quoted
 * fields may hold delimiters and line breaks. Records end with LF or CRLF.
 *
 * <p>Osiris needs NULL apart from the empty string, which RFC 4180 does not say how to write,
 * so this reader follows the convention of PostgreSQL's {@code COPY ... CSV}: an unquoted
 * empty field is NULL ({@code null}) and a quoted empty field ({@code ""}) is the empty
 * string. A quote inside an unquoted field is taken literally, as most readers do.
 */
final class CsvReader implements Closeable {
    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder field = new StringBuilder();
    private final List<String> fields = new ArrayList<>();
    private int pos;
    private int len;
    private long line = 1;
    private long recordLine;

    /** A reader over {@code in}, which it closes. A leading byte-order mark is skipped. */
    CsvReader(Reader in, char delimiter) throws IOException {
        this.in = requireNonNull(in, "in");
        this.delimiter = delimiter;
        if (peek() == '\uFEFF') {
            pos++;
        }
    }

    /** The 1-based line on which the last record returned by {@link #next()} starts. */
    long recordLine() {
        return recordLine;
    }

    /**
     * The next record, with {@code null} for NULL fields, or {@code null} at the end of input.
     * An empty line is a record of one NULL field.
     *
     * @throws CsvFormatException when a quoted field is malformed or never closed
     */
    String[] next() throws IOException {
        int c = read();
        if (c == EOF) {
            return null;
        }
        recordLine = line;
        fields.clear();
        while (true) {
            if (c == '"') {
                c = readQuoted();
                fields.add(field.toString());
                if (c != delimiter && c != '\r' && c != '\n' && c != EOF) {
                    throw new CsvFormatException(line, "unexpected character '" + (char) c
                            + "' after a closing quote; a quote inside a quoted field is written as \"\"");
                }
            } else {
                field.setLength(0);
                while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    field.append((char) c);
                    c = read();
                }
                fields.add(field.length() == 0 ? null : field.toString());
            }
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                pos++;
            }
            if (c != EOF) {
                line++;
            }
            return fields.toArray(new String[0]);
        }
    }

    /** Reads a quoted field into {@link #field}; returns the character after its closing quote. */
    private int readQuoted() throws IOException {
        field.setLength(0);
        long start = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new CsvFormatException(start, "a quoted field is never closed");
            }
            if (c == '"') {
                c = read();
                if (c != '"') {
                    return c;
                }
            } else if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (pos == len && !fill()) {
            return EOF;
        }
        return buffer[pos++];
    }

    private int peek() throws IOException {
        if (pos == len && !fill()) {
            return EOF;
        }
        return buffer[pos];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Malformed CSV, with the line it was found on. */
    static final class CsvFormatException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        CsvFormatException(long line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
