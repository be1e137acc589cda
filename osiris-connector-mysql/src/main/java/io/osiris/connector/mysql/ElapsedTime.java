package io.osiris.connector.mysql;

import io.osiris.api.data.Intervals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A TIME value from its bytes as {@code ResultSet.getBytes} hands them out. Connector/J's own
 * conversions lose the sign of a negative TIME ({@code -00:00:01} reads as one second, and over
 * the binary protocol {@code -838:59:59} as {@code -794:59:59}), so the value is read from the
 * bytes the server sent: over the binary protocol a sign byte, days (4 bytes, little-endian),
 * hours, minutes, seconds and maybe microseconds (4 bytes), no bytes at all for zero; over the
 * text protocol the text {@code [-]H:MM:SS[.ffffff]}.
 */
final class ElapsedTime {
    private ElapsedTime() {
    }

    static Duration read(byte[] b) {
        if (b.length == 0) {
            return Duration.ZERO;
        }
        if (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
            return Intervals.parse(new String(b, StandardCharsets.US_ASCII));
        }
        if (b.length != 8 && b.length != 12) {
            throw new IllegalArgumentException("a TIME of " + b.length + " bytes");
        }
        long days = (b[1] & 0xFFL) | (b[2] & 0xFFL) << 8 | (b[3] & 0xFFL) << 16 | (b[4] & 0xFFL) << 24;
        long micros = b.length == 12
                ? (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24 : 0;
        Duration d = Duration.ofDays(days).plusHours(b[5]).plusMinutes(b[6]).plusSeconds(b[7])
                .plusNanos(micros * 1000);
        return b[0] != 0 ? d.negated() : d;
    }
}
