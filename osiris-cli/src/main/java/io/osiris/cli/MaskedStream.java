package io.osiris.cli;

import io.osiris.core.config.SecretMask;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The process's standard error with every line put through the config's {@link SecretMask}: the
 * last line of defence for log lines (slf4j-simple writes to {@code System.err}) and diagnostics a
 * library prints. Text is held until a line ends or the stream is flushed (a progress line ends in
 * {@code \r} and is flushed), so a secret is masked whole unless a writer flushes in its middle.
 * The mask is built at the first write: a command that logs nothing never reads the config twice.
 */
final class MaskedStream extends OutputStream {
    private final OutputStream target;
    private final Supplier<SecretMask> source;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private SecretMask mask;

    private MaskedStream(OutputStream target, Supplier<SecretMask> source) {
        this.target = target;
        this.source = source;
    }

    /** A print stream over {@code target} masking with the mask {@code source} gives when first needed. */
    static PrintStream over(OutputStream target, Supplier<SecretMask> source) {
        // No autoflush: PrintStream would flush after every write, cutting lines (and secrets) in pieces.
        return new PrintStream(new MaskedStream(target, source), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() {
        emit();
        try {
            target.flush();
        } catch (java.io.IOException e) {
            // Standard error is gone; nothing is left to tell.
        }
    }

    @Override
    public void close() {
        flush();
    }

    private void emit() {
        if (line.size() == 0) {
            return;
        }
        if (mask == null) {
            mask = source.get();
        }
        byte[] masked = mask.apply(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        line.reset();
        try {
            target.write(masked);
        } catch (java.io.IOException e) {
            // As in flush.
        }
    }
}
