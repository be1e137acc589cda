package io.osiris.connector.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextEncoderTest {

    private static String encode(ColumnType type, Object... values) throws Exception {
        RowSchema schema = RowSchema.of(new ColumnInfo("v", type));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyTextEncoder encoder = new CopyTextEncoder(out::write);
        try (RowStream rows = RowStream.of(schema, Arrays.stream(values).map(v -> Arrays.asList(v)).toList())) {
            while (rows.next()) {
                encoder.writeRow(rows, new TypeKind[] {type.kind()});
            }
        }
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nullIsBackslashNAndTheEmptyStringIsAnEmptyField() throws Exception {
        assertThat(encode(ColumnType.STRING, null, "")).isEqualTo("\\N\n\n");
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscaped() throws Exception {
        assertThat(encode(ColumnType.STRING, "a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re\n");
        assertThat(encode(ColumnType.STRING, "\\N")).isEqualTo("\\\\N\n");
        assertThat(encode(ColumnType.STRING, "\\.")).isEqualTo("\\\\.\n");
    }

    @Test
    void unicodeIsWrittenAsUtf8() throws Exception {
        String text = "naïve café — 日本語 🎬";
        assertThat(encode(ColumnType.STRING, text)).isEqualTo(text + "\n");
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> encode(ColumnType.STRING, "a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void byteaIsHexWithTheBackslashDoubled() throws Exception {
        assertThat(encode(ColumnType.BINARY, new byte[] {0, 1, 127, -128, -1}, new byte[0]))
                .isEqualTo("\\\\x00017f80ff\n\\\\x\n");
    }

    @Test
    void numbersAndBooleansUseTheirPlainForms() throws Exception {
        assertThat(encode(ColumnType.BIGINT, Long.MIN_VALUE, 0L, 42L)).isEqualTo("-9223372036854775808\n0\n42\n");
        assertThat(encode(ColumnType.decimal(38, 10), new BigDecimal("1E+3"), new BigDecimal("-0.05")))
                .isEqualTo("1000\n-0.05\n");
        assertThat(encode(ColumnType.DOUBLE, -1.0e-300, Double.NaN)).isEqualTo("-1.0E-300\nNaN\n");
        assertThat(encode(ColumnType.REAL, 1.5f)).isEqualTo("1.5\n");
        assertThat(encode(ColumnType.BOOLEAN, true, false)).isEqualTo("true\nfalse\n");
    }

    @Test
    void datesAndTimesAreIsoWithBcYears() throws Exception {
        assertThat(encode(ColumnType.DATE, LocalDate.of(2024, 2, 29), LocalDate.of(0, 1, 1)))
                .isEqualTo("2024-02-29\n0001-01-01 BC\n");
        assertThat(encode(ColumnType.TIMESTAMP, LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000)))
                .isEqualTo("2024-02-29T13:45:30.123456\n");
        assertThat(encode(ColumnType.TIMESTAMP_TZ, OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHours(5))))
                .isEqualTo("1999-12-31T23:59:59+05:00\n");
        assertThat(encode(ColumnType.TIME, LocalTime.MIDNIGHT)).isEqualTo("00:00\n");
    }

    @Test
    void columnsAreTabSeparated() throws Exception {
        RowSchema schema = RowSchema.of(new ColumnInfo("a", ColumnType.INTEGER), new ColumnInfo("b", ColumnType.UUID),
                new ColumnInfo("c", ColumnType.JSON));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyTextEncoder encoder = new CopyTextEncoder(out::write);
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        try (RowStream rows = RowStream.of(schema, List.of(Arrays.asList(7, id, "{\"k\": \"a\\tb\"}")))) {
            rows.next();
            encoder.writeRow(rows, new TypeKind[] {TypeKind.INTEGER, TypeKind.UUID, TypeKind.JSON});
        }
        encoder.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("7\t" + id + "\t{\"k\": \"a\\\\tb\"}\n");
    }
}
