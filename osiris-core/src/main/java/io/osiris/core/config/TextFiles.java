package io.osiris.core.config;

import io.osiris.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the text files people and models hand to Osiris (pipelines, {@code .osiris.yaml},
 * {@code .env}): UTF-8 only, and no larger than {@link #MAX_BYTES}, checked before a byte is
 * parsed, so a huge or binary file fails at once with a message that says what to do instead
 * of costing seconds and hundreds of megabytes in the YAML parser.
 */
public final class TextFiles {
    /** The largest pipeline or configuration file read: 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;

    private TextFiles() {
    }

    /**
     * The text of a file.
     *
     * @param file the file
     * @param what what it is, for messages ({@code Pipeline file}, {@code Config file})
     * @throws ConfigurationException when it is missing, unreadable, over the limit or not UTF-8
     */
    public static String read(Path file, String what) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooLarge(what + " " + file, size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                // Read one byte past the limit: a file that grew after size() still cannot get through.
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(what + " " + file + " does not exist.");
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + what.toLowerCase(Locale.ROOT) + " " + file + ": "
                    + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(what + " " + file, bytes.length);
        }
        return decode(bytes, what + " " + file);
    }

    /**
     * Checks text that did not come from a file (a proposal the model sent) against the same limit.
     *
     * @throws ConfigurationException when it is over {@link #MAX_BYTES} as UTF-8
     */
    public static void checkSize(String text, String what) {
        // A char is at most 3 UTF-8 bytes; count exactly only when the cheap bound is exceeded.
        if ((long) text.length() * 3 > MAX_BYTES) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                throw tooLarge(what, bytes);
            }
        }
    }

    private static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            int offset = firstInvalidByte(bytes);
            throw new ConfigurationException(what + " is not UTF-8 text: byte 0x"
                    + String.format(Locale.ROOT, "%02X", bytes[offset] & 0xFF) + " at line " + lineAt(bytes, offset)
                    + " (offset " + offset + ") is not valid UTF-8. Save the file as UTF-8.");
        }
    }

    private static ConfigurationException tooLarge(String what, long bytes) {
        return new ConfigurationException(what + " is " + bytes + " bytes, over the limit of " + MAX_BYTES
                + " bytes (1 MiB); it was not read. A pipeline or configuration this large is a mistake: "
                + "move data into tables or files and let the pipeline read them.");
    }

    private static int firstInvalidByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
