package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.TypeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The CSV of {@link io.osiris.api.connector.capability.CsvImport} turned, byte by byte, into the
 * text of {@link LoadDataStream}, so a load written by the transform engine goes through the
 * same {@code LOAD DATA} statement, checks and modes as any other, without a value ever
 * becoming a Java object.
 *
 * <p>A small state machine over RFC 4180: an unquoted empty field is NULL ({@code \N}), a
 * quoted one the empty string; a doubled quote inside quotes is one quote; backslash, tab,
 * newline, carriage return and NUL in a value are escaped as {@link LoadDataStream} does.
 * Per kind: booleans {@code true}/{@code false} (or {@code t}/{@code f}, {@code 1}/{@code 0})
 * become {@code 1}/{@code 0}; binary {@code \x}+hex loses its prefix (the statement applies
 * {@code UNHEX}); a TIMESTAMP_TZ loses its {@code +00} (the session is UTC). Anything else, or
 * a row with the wrong number of fields, fails: {@code UNHEX} of bad hex would quietly be NULL.
 *
 * <p>Only whole rows are handed on. When the CSV fails (a read throws, the text is malformed,
 * or {@link #cancel} was called) the stream ends at the last whole row and keeps the failure.
 */
final class CsvLoadDataStream extends LoadDataInput {
    private static final int CHUNK = 64 * 1024;
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int CARRIAGE_RETURN = 4;

    /** Bytes that are part of a value as they are: not a separator, quote or byte to escape. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        java.util.Arrays.fill(PLAIN, true);
        for (char c : new char[] {',', '"', '\n', '\r', '\\', '\t', 0}) {
            PLAIN[c] = false;
        }
    }

    private final InputStream in;
    private final TypeKind[] kinds;
    private final byte[] input = new byte[CHUNK];
    private byte[] buf = new byte[CHUNK * 4];
    private int complete;
    private int limit;
    private int state = FIELD_START;
    private int field;
    private int fieldStart;
    private int fieldLength;
    private boolean quoted;
    private boolean ended;
    private volatile boolean cancelled;

    CsvLoadDataStream(InputStream in, TypeKind[] kinds) {
        this.in = requireNonNull(in, "in");
        this.kinds = kinds.clone();
    }

    /** Ends the stream at its next read, with a failure, so the load rolls back. */
    void cancel() {
        cancelled = true;
    }

    @Override
    byte[] buffer() {
        return buf;
    }

    @Override
    int readableEnd() {
        return complete;
    }

    /** Converts CSV until at least one more row is whole; false when nothing is left. */
    @Override
    boolean fill() {
        int partial = limit - complete;
        System.arraycopy(buf, complete, buf, 0, partial);
        fieldStart -= complete;
        pos = 0;
        complete = 0;
        limit = partial;
        while (complete == 0 && !ended) {
            try {
                if (cancelled) {
                    throw new ExecutionFailedException("the load was cancelled");
                }
                int n = in.read(input);
                if (n < 0) {
                    ended = true;
                    finish();
                } else {
                    parse(input, n);
                }
            } catch (IOException e) {
                fail(new ExecutionFailedException("reading the CSV rows failed: " + e.getMessage(), e));
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        return complete > 0;
    }

    private void fail(RuntimeException e) {
        ended = true;
        failure = e;
    }

    private void parse(byte[] chunk, int n) {
        // At most three bytes out per byte in: a ',' after an empty field is "\N\t".
        ensure(3 * n + 16);
        for (int i = 0; i < n; i++) {
            if ((state == UNQUOTED || state == QUOTED) && kinds[field] != TypeKind.BINARY) {
                // The common case, a run of bytes that are neither separators nor need escaping: copied at once.
                int end = i;
                while (end < n && PLAIN[chunk[end] & 0xFF]) {
                    end++;
                }
                if (end > i) {
                    System.arraycopy(chunk, i, buf, limit, end - i);
                    limit += end - i;
                    fieldLength += end - i;
                    i = end;
                    if (i == n) {
                        break;
                    }
                }
            }
            byte c = chunk[i];
            switch (state) {
                case FIELD_START -> {
                    if (c == '"') {
                        quoted = true;
                        state = QUOTED;
                    } else {
                        state = UNQUOTED;
                        unquoted(c);
                    }
                }
                case UNQUOTED -> unquoted(c);
                case QUOTED -> {
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        content(c);
                    }
                }
                case QUOTE_IN_QUOTED -> {
                    if (c == '"') {
                        content(c);
                        state = QUOTED;
                    } else if (c == ',' || c == '\n' || c == '\r') {
                        unquoted(c);
                    } else {
                        throw malformed("a quoted field goes on after its closing quote");
                    }
                }
                case CARRIAGE_RETURN -> {
                    if (c != '\n') {
                        throw malformed("a carriage return outside quotes not followed by a line feed");
                    }
                    endRecord();
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /** A byte outside quotes: a separator, or part of an unquoted value. */
    private void unquoted(byte c) {
        if (c == ',') {
            endField();
            if (++field >= kinds.length) {
                throw malformed("more than " + kinds.length + " fields");
            }
            buf[limit++] = '\t';
            startField();
        } else if (c == '\n') {
            endRecord();
        } else if (c == '\r') {
            state = CARRIAGE_RETURN;
        } else if (c == '"') {
            throw malformed("a quote inside an unquoted field");
        } else {
            state = UNQUOTED;
            content(c);
        }
    }

    private void startField() {
        state = FIELD_START;
        quoted = false;
        fieldStart = limit;
        fieldLength = 0;
    }

    private void content(byte c) {
        if (kinds[field] == TypeKind.BINARY) {
            binary(c);
            return;
        }
        fieldLength++;
        switch (c) {
            case '\\' -> {
                buf[limit++] = '\\';
                buf[limit++] = '\\';
            }
            case '\t' -> {
                buf[limit++] = '\\';
                buf[limit++] = 't';
            }
            case '\n' -> {
                buf[limit++] = '\\';
                buf[limit++] = 'n';
            }
            case '\r' -> {
                buf[limit++] = '\\';
                buf[limit++] = 'r';
            }
            case 0 -> {
                buf[limit++] = '\\';
                buf[limit++] = '0';
            }
            default -> buf[limit++] = c;
        }
    }

    /** {@code \x} and hex digits: the prefix is checked and dropped, the digits kept for UNHEX. */
    private void binary(byte c) {
        if (fieldLength == 0 ? c != '\\' : fieldLength == 1 ? c != 'x' && c != 'X' : Character.digit(c, 16) < 0) {
            throw malformed("a binary value that is not \\x and hex digits");
        }
        if (fieldLength++ >= 2) {
            buf[limit++] = c;
        }
    }

    private void endField() {
        if (!quoted && fieldLength == 0) {
            buf[limit++] = '\\';
            buf[limit++] = 'N';
            return;
        }
        switch (kinds[field]) {
            case BOOLEAN -> truth();
            case BINARY -> {
                if (fieldLength < 2 || fieldLength % 2 != 0) {
                    throw malformed("a binary value that is not \\x and pairs of hex digits");
                }
            }
            case TIMESTAMP_TZ -> dropUtcOffset();
            default -> {
                // the text as it is
            }
        }
    }

    private void endRecord() {
        endField();
        if (field != kinds.length - 1) {
            throw malformed((field + 1) + " fields where " + kinds.length + " were expected");
        }
        buf[limit++] = '\n';
        complete = limit;
        rowsRead++;
        field = 0;
        startField();
    }

    /** The end of the CSV: a last row without its line feed is still a row; an open quote is not. */
    private void finish() {
        ensure(16);
        switch (state) {
            case FIELD_START -> {
                if (field > 0) {
                    endRecord();
                }
            }
            case UNQUOTED, QUOTE_IN_QUOTED, CARRIAGE_RETURN -> endRecord();
            default -> throw malformed("the CSV ends inside a quoted field");
        }
    }

    private void truth() {
        int n = limit - fieldStart;
        byte first = n == 0 ? 0 : (byte) (buf[fieldStart] | 0x20);
        boolean isTrue = n == 1 && (first == 't' || first == '1') || n == 4 && is("true");
        boolean isFalse = n == 1 && (first == 'f' || first == '0') || n == 5 && is("false");
        if (!isTrue && !isFalse) {
            throw malformed("a boolean that is not true or false");
        }
        buf[fieldStart] = isTrue ? (byte) '1' : (byte) '0';
        limit = fieldStart + 1;
    }

    private boolean is(String word) {
        for (int i = 0; i < word.length(); i++) {
            if ((buf[fieldStart + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Drops a UTC offset ({@code +00}, {@code +00:00}, {@code Z}); the time is then UTC wall-clock time. */
    private void dropUtcOffset() {
        if (limit > fieldStart && buf[limit - 1] == 'Z') {
            limit--;
            return;
        }
        for (int i = limit - 1; i >= fieldStart + 10; i--) {
            byte c = buf[i];
            if (c == '+' || c == '-') {
                for (int j = i + 1; j < limit; j++) {
                    if (buf[j] != '0' && buf[j] != ':') {
                        throw malformed("a TIMESTAMP_TZ not in UTC");
                    }
                }
                limit = i;
                return;
            }
        }
    }

    private ExecutionFailedException malformed(String what) {
        return new ExecutionFailedException("the CSV rows are malformed at row " + (rowsRead + 1) + ": " + what);
    }

    private void ensure(int more) {
        if (limit + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + more));
        }
    }
}
