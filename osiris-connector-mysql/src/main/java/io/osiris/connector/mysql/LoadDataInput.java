package io.osiris.connector.mysql;

import java.io.InputStream;

/**
 * The text one {@code LOAD DATA LOCAL INFILE} reads, in {@link LoadDataStream}'s format, and
 * what the writer checks afterwards: how many rows were sent, and whether the source failed.
 * A source that fails ends the stream at its last whole row and keeps the failure, so
 * Connector/J ends the transfer cleanly and the connection stays usable for the rollback.
 */
abstract class LoadDataInput extends InputStream {

    /** How many whole rows were encoded (and so sent, once the stream is exhausted). */
    abstract long rowsRead();

    /** The failure that ended the stream early, or null. */
    abstract RuntimeException failure();

    @Override
    public final int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len);
}
