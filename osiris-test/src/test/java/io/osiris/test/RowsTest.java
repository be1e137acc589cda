package io.osiris.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {
    enum Genre { DRAMA, SCI_FI }

    record Film(int filmId, String title, BigDecimal rating, LocalDate releasedOn, Genre genre, Long boxOffice) {
    }

    record Small(int filmId, String title) {
    }

    @Test
    void csvTextIsReadByDuckDbWithItsTypesInferredAndEmptyFieldsNull() {
        Rows rows = Rows.csv("""
                id,title,rating,day,seen
                1,"Alien, the first",8.5,2024-01-31,true
                2,Heat,,2024-02-01,false
                """);
        assertThat(rows.schema().columns()).extracting(c -> c.type().kind().name())
                .containsExactly("BIGINT", "STRING", "DOUBLE", "DATE", "BOOLEAN");
        assertThat(rows.row(0)).containsEntry("id", 1L).containsEntry("title", "Alien, the first")
                .containsEntry("rating", 8.5).containsEntry("day", LocalDate.of(2024, 1, 31)).containsEntry("seen", true);
        assertThat(rows.column("rating")).containsExactly(8.5, null);
    }

    @Test
    void csvColumnTypesCanBeDeclared() {
        Rows rows = Rows.csv("zip,rating\n00501,8.5\n", Map.of("zip", ColumnType.STRING, "rating", ColumnType.decimal(3, 1)));
        assertThat(rows.asLists()).containsExactly(List.of("00501", new BigDecimal("8.5")));
        assertThat(rows.schema().column(1).type()).isEqualTo(ColumnType.decimal(3, 1));
    }

    @Test
    void recordsBecomeSnakeCaseColumnsTypedByTheirComponents() {
        Rows rows = Rows.records(List.of(new Film(1, "Alien", new BigDecimal("8.5"), LocalDate.of(1979, 5, 25),
                Genre.SCI_FI, null)));
        assertThat(rows.columns()).containsExactly("film_id", "title", "rating", "released_on", "genre", "box_office");
        assertThat(rows.schema().columns()).extracting(c -> c.type().toString())
                .containsExactly("INTEGER", "STRING", "DECIMAL(18,1)", "DATE", "STRING", "BIGINT");
        assertThat(rows.asLists().get(0)).containsExactly(1, "Alien", new BigDecimal("8.5"), LocalDate.of(1979, 5, 25),
                "SCI_FI", null);
        assertThat(Rows.records(Film.class, List.of()).isEmpty()).isTrue();
    }

    @Test
    void rowsConvertBackToRecordsMatchingColumnsLooselyAndNumbersExactly() {
        Rows rows = Rows.csv("FILM_ID,title,rating,released_on,genre,box_office\n7,Heat,8.2,1995-12-15,DRAMA,\n");
        assertThat(rows.as(Film.class)).containsExactly(
                new Film(7, "Heat", new BigDecimal("8.2"), LocalDate.of(1995, 12, 15), Genre.DRAMA, null));
        assertThat(rows.as(Small.class)).containsExactly(new Small(7, "Heat"));
    }

    @Test
    void aValueThatDoesNotFitIsRefusedWithItsRowAndColumn() {
        Rows big = Rows.csv("film_id,title\n3000000000,Big\n");
        assertThatThrownBy(() -> big.as(Small.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1, column film_id: 3000000000 does not fit a int");
        RowSchema ints = RowSchema.of(new ColumnInfo("n", ColumnType.INTEGER));
        assertThatThrownBy(() -> Rows.of(ints, List.of(List.of("x")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1, column n: a String (x) is not a INTEGER value; give a Integer");
        assertThatThrownBy(() -> Rows.csv("title\nx\n").as(Small.class)).hasMessageContaining(
                "Small.filmId has no column; the columns are [title]");
    }

    @Test
    void mapsTakeEveryKeyInOrderAndAMissingKeyIsNull() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", 1);
        first.put("note", null);
        Rows rows = Rows.maps(List.of(first, Map.of("id", 2, "note", "second", "extra", 3L)));
        assertThat(rows.columns()).startsWith("id", "note").contains("extra");
        assertThat(rows.column("note")).containsExactly(null, "second");
        assertThat(rows.column("extra")).containsExactly(null, 3L);
        assertThat(rows.schema().column(0).type()).isEqualTo(ColumnType.INTEGER);
    }

    @Test
    void asCsvQuotesWhatNeedsItAndIsEqualForEqualRows() {
        Rows rows = Rows.of(RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT), new ColumnInfo("t", ColumnType.STRING)),
                List.of(List.of(1, "a,b"), Arrays.asList(2L, null), List.of(3, "say \"hi\"")));
        assertThat(rows.asCsv()).isEqualTo("id,t\n1,\"a,b\"\n2,\n3,\"say \"\"hi\"\"\"\n");
        assertThat(rows.column("id")).containsExactly(1L, 2L, 3L);
        assertThat(rows).isEqualTo(Rows.csv(rows.asCsv())).hasToString("Rows[id BIGINT, t STRING]\n"
                + "1,\"a,b\"\n2,\n3,\"say \"\"hi\"\"\"\n");
    }
}
