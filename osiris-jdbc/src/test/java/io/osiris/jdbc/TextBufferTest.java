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
    void doublesWithAShortDecimalFormAreWrittenInItAndTheRestAsJavaWritesThem() {
        assertThat(doubleText(0.0)).isEqualTo("0");
        assertThat(doubleText(-0.0)).isEqualTo("-0.0");
        assertThat(doubleText(1.5)).isEqualTo("1.5");
        assertThat(doubleText(-2.25)).isEqualTo("-2.25");
        assertThat(doubleText(100.0)).isEqualTo("100");
        assertThat(doubleText(0.1)).isEqualTo("0.1");
        assertThat(doubleText(0.05)).isEqualTo("0.05");
        assertThat(doubleText(0.142857142)).isEqualTo("0.142857142");
        assertThat(doubleText(123456.000001)).isEqualTo("123456.000001");
        assertThat(doubleText(0.30000000000000004)).isEqualTo(Double.toString(0.30000000000000004));
        assertThat(doubleText(1e300)).isEqualTo("1.0E300");
        assertThat(doubleText(1e15)).isEqualTo("1.0E15");
        assertThat(doubleText(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        assertThat(doubleText(Double.NaN)).isEqualTo("NaN");
        assertThat(doubleText(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void everyDoubleReadsBackBitForBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        TextBuffer b = new TextBuffer(64);
        for (int i = 0; i < 300_000; i++) {
            double d = switch (i % 3) {
                // any finite double
                case 0 -> {
                    double x;
                    do {
                        x = Double.longBitsToDouble(random.nextLong());
                    } while (!Double.isFinite(x));
                    yield x;
                }
                // a short decimal, as stored data mostly is
                case 1 -> Double.parseDouble(random.nextLong(1_000_000_000_000L) + "e-" + random.nextInt(12));
                // a value near the fast path's edges
                default -> (random.nextBoolean() ? -1 : 1) * random.nextDouble(0.9e-9, 1.1e15);
            };
            b.clear();
            b.writeDouble(d);
            String text = text(b);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).as("%s written as %s", d, text)
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    private static String doubleText(double d) {
        TextBuffer b = new TextBuffer(1);
        b.writeDouble(d);
        return text(b);
    }

    @Test
    void datesAndTimesFromFieldsAreWrittenAsTheirPaddedDigits() {
        TextBuffer b = new TextBuffer(1);
        int[][] dates = {{2024, 2, 29}, {0, 1, 1}, {9999, 12, 31}, {1, 0, 0}, {10000, 1, 2}, {-1, 1, 1}, {7, 100, 3}};
        String[] written = {"2024-02-29", "0000-01-01", "9999-12-31", "0001-00-00", "10000-01-02", "-1-01-01",
                "0007-100-03"};
        for (int i = 0; i < dates.length; i++) {
            b.clear();
            b.date(dates[i][0], dates[i][1], dates[i][2]);
            assertThat(text(b)).isEqualTo(written[i]);
        }
        for (int micros : new int[] {0, 1, 10, 500_000, 999_999}) {
            for (int hour : new int[] {0, 9, 23, 99, 100, 838}) {
                b.clear();
                b.time(hour, 5, 59, micros, false);
                String fraction = micros == 0 ? "" : String.format(".%06d", micros);
                assertThat(text(b)).isEqualTo(String.format("%02d:05:59%s", hour, fraction));
                b.clear();
                b.time(hour, 0, 0, micros, true);
                assertThat(text(b)).isEqualTo(String.format("%02d:00:00.%06d", hour, micros));
            }
        }
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
