package io.osiris.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextBufferTest {

    private static String text(TextBuffer b) {
        return new String(b.array(), 0, b.length(), StandardCharsets.UTF_8);
    }

    @Test
    void numbersAreWrittenInDecimalWithoutLimitsLost() {
        TextBuffer b = new TextBuffer(1);
        for (long v : new long[] {0, 7, -42, Long.MAX_VALUE, Long.MIN_VALUE}) {
            b.writeLong(v);
            b.put((byte) ' ');
        }
        assertThat(text(b)).isEqualTo("0 7 -42 9223372036854775807 -9223372036854775808 ");
    }

    @Test
    void everyDigitCountIsWrittenAsLongToStringWritesIt() {
        TextBuffer b = new TextBuffer(1);
        StringBuilder expected = new StringBuilder();
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p, 3 * p + 7}) {
                b.writeLong(v);
                b.put((byte) ' ');
                expected.append(v).append(' ');
            }
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        assertThat(text(b)).isEqualTo(expected.toString());
    }

    @Test
    void paddedNumbersKeepTheirWidthAndNegativesStayAsTheyAre() {
        TextBuffer b = new TextBuffer(4);
        b.padded(7, 4);
        b.put((byte) ' ');
        b.padded(123_456, 6);
        b.put((byte) ' ');
        b.padded(45, 6);
        b.put((byte) ' ');
        b.padded(-3, 4);
        assertThat(text(b)).isEqualTo("0007 123456 000045 -3");
    }

    @Test
    void escapedTextIsUtf8WithTheBulkFormatsEscapes() {
        TextBuffer b = new TextBuffer(2);
        b.escaped("a\\b\tc\nd\re é 日 🎬 \uD800x", true);
        assertThat(text(b)).isEqualTo("a\\\\b\\tc\\nd\\re é 日 🎬 ?x");
        b.clear();
        b.escaped("x\0y", true);
        assertThat(text(b)).isEqualTo("x\\0y");
    }

    @Test
    void aRefusedNulWritesNothingOfItsString() {
        TextBuffer b = new TextBuffer(8);
        b.ascii("kept");
        assertThatThrownBy(() -> b.escaped("ab\0c", false)).hasMessageContaining("NUL");
        assertThat(text(b)).isEqualTo("kept");
    }

    @Test
    void hexAndTruncate() {
        TextBuffer b = new TextBuffer(1);
        b.hex(new byte[] {0, 15, -1}, false);
        b.put((byte) '|');
        int mark = b.length();
        b.hex(new byte[] {-86}, true);
        assertThat(text(b)).isEqualTo("000fff|AA");
        b.truncate(mark);
        assertThat(text(b)).isEqualTo("000fff|");
        assertThatThrownBy(() -> b.truncate(mark + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csvFieldsAreQuotedOnlyWhereNeeded() {
        TextBuffer b = new TextBuffer(1);
        for (String field : new String[] {"plain é", "", "a,b", "say \"hi\"", "two\nlines", "cr\r", "back\\slash"}) {
            b.csv(field);
            b.put((byte) '|');
        }
        assertThat(text(b)).isEqualTo("plain é|\"\"|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"|back\\slash|");
    }
}
