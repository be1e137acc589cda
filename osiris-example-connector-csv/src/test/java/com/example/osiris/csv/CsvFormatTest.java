package com.example.osiris.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 4180 reader and writer, and the NULL / empty string convention. */
class CsvFormatTest {

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '|'})
    void recordsWithQuotesDelimitersAndLineBreaksRoundTrip(char delimiter) throws IOException {
        List<String[]> records = List.of(
                new String[] {"plain", "with " + delimiter + " delimiter", "with \"quotes\""},
                new String[] {"line\nbreak", "crlf\r\nbreak", "lone\rreturn"},
                new String[] {null, "", " spaced "},
                new String[] {"\uFEFFbom", "'single'", "\\backslash"});

        assertThat(read(write(records, delimiter), delimiter)).containsExactlyElementsOf(records);
    }

    @Test
    void anUnquotedEmptyFieldIsNullAndAQuotedOneIsTheEmptyString() throws IOException {
        assertThat(read("a,,\"\",\n", ',')).containsExactly(new String[] {"a", null, "", null});
    }

    @Test
    void theWriterQuotesOnlyWhatNeedsIt() throws IOException {
        String text = write(List.<String[]>of(new String[] {"1", null, "", "x,y", "say \"hi\""}), ',');
        assertThat(text).isEqualTo("1,,\"\",\"x,y\",\"say \"\"hi\"\"\"\n");
    }

    @Test
    void crlfAndAMissingFinalLineBreakAreAccepted() throws IOException {
        assertThat(read("a,b\r\nc,d", ',')).containsExactly(new String[] {"a", "b"}, new String[] {"c", "d"});
    }

    @Test
    void anEmptyLineIsOneNullAndAByteOrderMarkIsSkipped() throws IOException {
        assertThat(read("\uFEFFa\n\nb\n", ',')).containsExactly(new String[] {"a"}, new String[] {null},
                new String[] {"b"});
    }

    @Test
    void recordLinesCountLineBreaksInsideQuotes() throws IOException {
        try (CsvReader reader = new CsvReader(new StringReader("\"a\nb\",1\nc,2\n"), ',')) {
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(1);
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(3);
        }
    }

    @Test
    void anUnclosedQuoteIsReportedWithItsLine() {
        assertThatThrownBy(() -> read("a,b\nc,\"never closed\n", ','))
                .isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("never closed");
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> read("\"a\"b,c\n", ','))
                .isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("after a closing quote");
    }

    private static String write(List<String[]> records, char delimiter) throws IOException {
        StringWriter text = new StringWriter();
        try (CsvWriter writer = new CsvWriter(text, delimiter)) {
            for (String[] record : records) {
                writer.write(record);
            }
        }
        return text.toString();
    }

    private static List<String[]> read(String text, char delimiter) throws IOException {
        List<String[]> records = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text), delimiter)) {
            for (String[] record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }
}
