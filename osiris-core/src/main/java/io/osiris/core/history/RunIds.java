package io.osiris.core.history;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;

/**
 * Run ids: 12 lowercase characters, the start time's milliseconds in base 36 (8 characters,
 * enough until 2059) then 4 random ones, so ids sort by start time and two processes starting
 * in the same millisecond still differ.
 */
final class RunIds {
    private static final int TIME_CHARS = 8;
    private static final int RANDOM_CHARS = 4;
    private static final Random RANDOM = new SecureRandom();

    private RunIds() {
    }

    static String next(Instant started) {
        String time = Long.toString(started.toEpochMilli(), Character.MAX_RADIX);
        StringBuilder id = new StringBuilder("0".repeat(Math.max(0, TIME_CHARS - time.length()))).append(time);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(Character.MAX_RADIX), Character.MAX_RADIX));
        }
        return id.toString();
    }
}
