package io.osiris.connector.mysql;

import java.io.InputStream;

/**
 * The text one {@code LOAD DATA LOCAL INFILE} reads, in {@link LoadDataStream}'s format, and
 * what the writer checks afterwards: how many rows were sent, and whether the source failed.
 * A source that fails ends the stream at its last whole row and keeps the failure, so
 * Connector/J ends the transfer cleanly and the connection stays usable for the rollback.
 */
abstract class LoadDataInput extends InputStream {

    /** Whole rows encoded so far. */
    long rowsRead;

    /** The failure that ended the stream early, or null. */
    RuntimeException failure;

    /** How many whole rows were encoded (and so sent, once the stream is exhausted). */
    final long rowsRead() {
        return rowsRead;
    }

    /** The failure that ended the stream early, or null. */
    final RuntimeException failure() {
        return failure;
    }

    @Override
    public final int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /** The next byte of {@link #buffer()} to hand out; {@link #fill()} sets it back to the start. */
    int pos;

    /** Where the stream's bytes are, from {@link #pos} to {@link #readableEnd()}. */
    abstract byte[] buffer();

    /** The end of the bytes that may be handed out (whole rows only). */
    abstract int readableEnd();

    /** Makes more bytes readable from {@code pos = 0}; false when nothing is left. */
    abstract boolean fill();

    @Override
    public final int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos == readableEnd() && !fill()) {
            return -1;
        }
        int n = Math.min(len, readableEnd() - pos);
        System.arraycopy(buffer(), pos, b, off, n);
        pos += n;
        return n;
    }
}
