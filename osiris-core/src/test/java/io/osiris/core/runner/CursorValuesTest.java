package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.TypeKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Watermark values: read from text, kept exactly, moved back by a lookback, written as typed literals. */
class CursorValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TIMESTAMP    | 2024-05-01 12:00:00.123456       | 2024-05-01T12:00:00.123456",
        "TIMESTAMP    | 2024-05-01T12:00                 | 2024-05-01T12:00:00.000000",
        "TIMESTAMP    | 2024-05-01                       | 2024-05-01T00:00:00.000000",
        "TIMESTAMP    | 2024-05-01 12:00:00.123456789    | 2024-05-01T12:00:00.123456789",
        "TIMESTAMP_TZ | 2024-05-01 14:00:00.000001+02    | 2024-05-01T12:00:00.000001Z",
        "TIMESTAMP_TZ | 2024-05-01T14:00:00.000001+02:00 | 2024-05-01T12:00:00.000001Z",
        "TIMESTAMP_TZ | 2024-05-01 12:00:00              | 2024-05-01T12:00:00.000000Z",
        "TIMESTAMP_TZ | 2024-05-01T12:00:00.5Z           | 2024-05-01T12:00:00.500000Z",
        "DATE         | 2024-05-01                       | 2024-05-01",
        "DECIMAL      | 123456789012345678.0000000002    | 123456789012345678.0000000002",
        "BIGINT       | 9223372036854775807              | 9223372036854775807",
        "STRING       | a'b                              | a'b"})
    void aValueIsReadAndWrittenBackExactly(TypeKind kind, String text, String stored) {
        assertThat(CursorValues.text(CursorValues.parse(kind, text))).isEqualTo(stored);
        assertThat(CursorValues.text(CursorValues.parse(kind, stored))).isEqualTo(stored);
    }

    @Test
    void literalsAreOfTheCursorsTypeInTheSourcesDialect() {
        Object instant = CursorValues.parse(TypeKind.TIMESTAMP_TZ, "2024-05-01 14:00:00.000001+02");

        assertThat(CursorValues.literal(SqlDialect.POSTGRES, instant))
                .isEqualTo("TIMESTAMP WITH TIME ZONE '2024-05-01 12:00:00.000001+00:00'");
        assertThat(CursorValues.literal(SqlDialect.MYSQL, instant))
                .isEqualTo("TIMESTAMP '2024-05-01 12:00:00.000001'");
        assertThat(CursorValues.literal(SqlDialect.MYSQL, CursorValues.parse(TypeKind.TIMESTAMP, "2024-05-01")))
                .isEqualTo("TIMESTAMP '2024-05-01 00:00:00.000000'");
        assertThat(CursorValues.literal(SqlDialect.DUCKDB, CursorValues.parse(TypeKind.DATE, "2024-05-01")))
                .isEqualTo("DATE '2024-05-01'");
        assertThat(CursorValues.literal(SqlDialect.MYSQL, CursorValues.parse(TypeKind.INTEGER, "-5"))).isEqualTo("(-5)");
        assertThat(CursorValues.literal(SqlDialect.MYSQL, "it's \\ x")).isEqualTo("'it''s \\\\ x'");
        assertThat(CursorValues.literal(SqlDialect.POSTGRES, "it's \\ x")).isEqualTo("E'it''s \\\\ x'");
    }

    @Test
    void aLookbackMovesTimestampsBackExactlyAndDatesByWholeDays() {
        Object t = CursorValues.parse(TypeKind.TIMESTAMP, "2024-05-01 00:05:00.000001");

        assertThat(CursorValues.text(CursorValues.minus(t, Duration.ofMinutes(10))))
                .isEqualTo("2024-04-30T23:55:00.000001");
        assertThat(CursorValues.text(CursorValues.minus(CursorValues.parse(TypeKind.DATE, "2024-05-01"),
                Duration.ofHours(1)))).isEqualTo("2024-04-30");
        assertThatThrownBy(() -> CursorValues.minus(CursorValues.parse(TypeKind.BIGINT, "7"), Duration.ofSeconds(1)))
                .hasMessage("lookback applies to timestamp and date cursors only");
    }

    @Test
    void textThatIsNotOfTheTypeIsRefusedSayingWhatItShouldBe() {
        assertThatThrownBy(() -> CursorValues.parse(TypeKind.TIMESTAMP, "2024-05-01' OR 1=1 --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a timestamp like");
        assertThatThrownBy(() -> CursorValues.parse(TypeKind.BIGINT, "1; DROP TABLE x"))
                .hasMessageContaining("is not a number like 1000");
        assertThatThrownBy(() -> CursorValues.parse(TypeKind.BOOLEAN, "true"))
                .hasMessageContaining("a BOOLEAN column cannot be a cursor");
    }
}
