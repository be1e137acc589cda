package io.osiris.core.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifoTest {

    @Test
    void severalPipesAreMadeAtOnceAndOnlyTheOwnerMayOpenThem(@TempDir Path dir) throws Exception {
        // One mkfifo for all: starting a process is most of what a pipe costs.
        List<Path> fifos = Fifo.create(dir, "extract", 3).orElseThrow();
        assertThat(fifos).hasSize(3).doesNotHaveDuplicates().allSatisfy(f -> {
            assertThat(f.getParent()).isEqualTo(dir);
            assertThat(Files.getAttribute(f, "unix:mode")).isEqualTo(0010600); // S_IFIFO, rw-------
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        });
    }

    @Test
    void noPipeIsMadeWhereMkfifoFails(@TempDir Path dir) throws Exception {
        assertThat(Fifo.create(dir.resolve("absent"), "extract", 2)).isEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

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
