package io.osiris.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Input for CSV load tests: a transform engine that writes some rows and then dies. */
public final class FailingInput {
    private FailingInput() {
    }

    /** The bytes of {@code good}, then a read that throws an {@link IOException} with {@code message}. */
    public static InputStream after(byte[] good, String message) {
        InputStream head = new ByteArrayInputStream(good);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = head.read(b, off, len);
                if (n < 0) {
                    throw new IOException(message);
                }
                return n;
            }
        };
    }
}
