package io.osiris.core.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FifoTest {

    @Test
    void newlinesAreCountedAtEveryOffsetAndLengthAndAmongEveryOtherByte() {
        Random random = new Random(9);
        byte[] bytes = new byte[4096];
        random.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i += 1 + random.nextInt(40)) {
            bytes[i] = '\n';
        }
        // Bytes one bit away from '\n', and runs of them, are not newlines.
        bytes[100] = 0x0B;
        bytes[101] = 0x08;
        bytes[102] = (byte) 0x8A;
        for (int off = 0; off < 17; off++) {
            for (int len : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 4000}) {
                long expected = 0;
                for (int i = off; i < off + len; i++) {
                    expected += bytes[i] == '\n' ? 1 : 0;
                }
                assertThat(Fifo.newlines(bytes, off, len)).as("offset %d, length %d", off, len).isEqualTo(expected);
            }
        }
        byte[] all = new byte[64];
        java.util.Arrays.fill(all, (byte) '\n');
        assertThat(Fifo.newlines(all, 3, 61)).isEqualTo(61);
    }
}
