package io.osiris.core.runner;

import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvLoad;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@link CsvLoad} whose rows are counted, for a step's progress, as lines of the CSV text its
 * loader reads: a scan for line breaks over each buffer read, told to the {@link Throttle} once
 * per 64 KiB, never per row. A value holding a line break makes the figure a little high, as
 * with the extracts' CSV copies ({@link io.osiris.core.engine.TransformEngine.LoadProgress}).
 */
final class CountedCsvLoad implements CsvLoad {
    private static final int REPORT_BYTES_SHIFT = 16;

    private final CsvLoad load;
    private final Throttle throttle;

    CountedCsvLoad(CsvLoad load, Throttle throttle) {
        this.load = load;
        this.throttle = throttle;
    }

    @Override
    public LoadResult readFrom(InputStream in) {
        return load.readFrom(new Counting(in));
    }

    @Override
    public void cancel() {
        load.cancel();
    }

    private final class Counting extends FilterInputStream {
        private long bytes;
        private long lines;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(b == '\n' ? 1 : 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                int newlines = 0;
                for (int i = off, end = off + n; i < end; i++) {
                    if (b[i] == '\n') {
                        newlines++;
                    }
                }
                counted(newlines, n);
            }
            return n;
        }

        private void counted(int newlines, int n) {
            lines += newlines;
            long before = bytes;
            bytes += n;
            if ((bytes >>> REPORT_BYTES_SHIFT) != (before >>> REPORT_BYTES_SHIFT)) {
                throttle.report(lines);
            }
        }
    }
}
