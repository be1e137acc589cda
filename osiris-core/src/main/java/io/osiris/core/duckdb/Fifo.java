package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.capability.CsvCopy;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named pipes between DuckDB and a database's CSV text, so neither side holds the rows: DuckDB
 * reads a source's copy from one ({@code read_csv}) or writes a table into one
 * ({@code COPY ... TO}) while Java moves the bytes. Linux and macOS only ({@code mkfifo}).
 *
 * <p>Opening a pipe waits for the other side: the writer's open returns when the reader opens
 * it, and the reader's open when a writer is there (so a writer never finishes, and its bytes
 * are never dropped, before the reader came). A side left waiting in open because the other
 * failed first is released by {@link #poke}: opening the pipe read-write never blocks, and
 * closing it again gives the waiting reader an end, or the waiting writer a reader that left.
 */
final class Fifo {
    private static final Logger LOG = LoggerFactory.getLogger(Fifo.class);
    private static final AtomicLong NAMES = new AtomicLong();

    private Fifo() {
    }

    /** A new pipe in {@code directory}, or empty where pipes cannot be made. */
    static Optional<Path> create(Path directory, String prefix) {
        return create(directory, prefix, 1).map(made -> made.get(0));
    }

    /**
     * {@code count} new pipes in {@code directory}, made by one {@code mkfifo} (starting a
     * process is most of the cost), or empty where pipes cannot be made.
     */
    static Optional<List<Path>> create(Path directory, String prefix, int count) {
        if (java.io.File.separatorChar != '/') {
            return Optional.empty();
        }
        List<Path> fifos = new ArrayList<>(count);
        List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
        for (int i = 0; i < count; i++) {
            Path fifo = directory.resolve(prefix + "-" + NAMES.incrementAndGet() + ".csv");
            fifos.add(fifo);
            command.add(fifo.toString());
        }
        try {
            Process mkfifo = new ProcessBuilder(command).redirectErrorStream(true).start();
            mkfifo.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (mkfifo.waitFor() == 0) {
                return Optional.of(List.copyOf(fifos));
            }
        } catch (IOException e) {
            // no pipes here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fifos.forEach(Fifo::delete); // those made before one failed
        return Optional.empty();
    }

    static void delete(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", fifo, e.getMessage());
        }
    }

    /** Opens and closes the pipe read-write, which releases whoever waits to open it. */
    static void poke(Path fifo) {
        try (RandomAccessFile pipe = new RandomAccessFile(fifo.toFile(), "rw")) {
            pipe.getFD().valid();
        } catch (IOException e) {
            // gone already
        }
    }

    /** Reads and drops what is left in {@code in}, so a writer cannot block on a full pipe. */
    static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the writer has gone
        }
    }

    /** Runs a source's CSV copy into the pipe on a thread of its own. */
    static final class SourceWriter {
        private final CsvCopy copy;
        private final Path fifo;
        private final Thread thread;
        private volatile long rows = -1;
        private volatile long bytes;
        private volatile RuntimeException failure;

        private final Progress progress;

        /** Receives the lines and bytes written so far, every 64 KiB. */
        interface Progress {
            void rows(long lines, long bytes);
        }

        SourceWriter(CsvCopy copy, Path fifo, String what, Progress progress) {
            this.copy = copy;
            this.progress = progress;
            this.fifo = fifo;
            this.thread = new Thread(this::run, "osiris-csv-" + what);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        long rows() {
            return rows;
        }

        long bytes() {
            return bytes;
        }

        RuntimeException failure() {
            return failure;
        }

        private void run() {
            CountingStream out;
            try {
                out = new CountingStream(new FileOutputStream(fifo.toFile()), progress);
            } catch (IOException e) {
                failure = new ExecutionFailedException("opening " + fifo + " failed: " + e.getMessage(), e);
                poke(fifo); // the reader is waiting for a writer: give it one, and an end
                return;
            }
            try (out) {
                rows = copy.writeTo(out);
                out.flush();
                bytes = out.count;
            } catch (IOException e) {
                failure = new ExecutionFailedException("writing to " + fifo + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                copy.cancel();
            }
        }

        /** Reads and drops what the writer still sends until it has gone, so it cannot block on a full pipe. */
        void drain() {
            Thread drainer = new Thread(() -> {
                try (InputStream in = new FileInputStream(fifo.toFile())) {
                    Fifo.drain(in);
                } catch (IOException e) {
                    // the writer has gone
                }
            }, thread.getName() + "-drain");
            drainer.setDaemon(true);
            drainer.start();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                // The writer may have gone before the drain opened the pipe, which then waits for a writer.
                for (int i = 0; i < 50 && drainer.isAlive(); i++) {
                    poke(fifo);
                    drainer.join(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /**
     * How many of {@code len} bytes from {@code off} are '\n', eight at a time: a byte at a time
     * was 0.13 CPU-seconds of a 171 MB copy's writing thread (bench/README.md, round 7).
     */
    static long newlines(byte[] b, int off, int len) {
        long n = 0;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            // A '\n' becomes a zero byte, and each zero byte (exactly those) gets its top bit set.
            long x = (long) LONGS.get(b, i) ^ (ONES * '\n');
            n += Long.bitCount(~(((x & LOW7) + LOW7) | x | LOW7));
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** A buffered stream that counts the bytes and lines written through it, telling progress as its buffer fills. */
    private static final class CountingStream extends java.io.BufferedOutputStream {
        private final SourceWriter.Progress progress;
        long count;
        long lines;

        CountingStream(OutputStream out, SourceWriter.Progress progress) {
            super(out, 1 << 16);
            this.progress = progress;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
            lines += newlines(b, off, len);
            if ((count >>> 16) != ((count - len) >>> 16)) {
                progress.rows(lines, count);
            }
        }
    }
}
