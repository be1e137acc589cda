package io.osiris.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SensitiveDataTest {
    @ParameterizedTest
    @ValueSource(strings = {"password", "user_password", "userPassword", "PASSWD", "pwd", "password_hash",
        "secret", "client_secret", "token", "api_token", "refresh_token", "api_key", "apiKey", "access_key",
        "email", "e_mail", "emailAddress", "user_email", "phone", "phone_number", "mobile", "ssn",
        "social_security_number", "national_id", "passport", "passport_no", "iban", "card", "credit_card",
        "card_number", "cc_number", "cvv", "dob", "birth_date", "date_of_birth", "birthday", "address",
        "home_address", "ip_address", "client_ip", "salary", "tax_id"})
    void sensitiveColumnNames(String name) {
        assertThat(SensitiveData.sensitiveColumn(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "name", "title", "token_count", "max_tokens", "prompt_tokens", "password_changed_at",
        "email_verified", "address_id", "card_type", "phone_count", "birth_year", "rating", "release_year",
        "ip_count", "zip", "created_at", "description", "keyword", "passenger", "emails_sent_count", "email_domain"})
    void ordinaryColumnNames(String name) {
        assertThat(SensitiveData.sensitiveColumn(name)).as(name).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice@example.com|<email>",
        "write to bob.smith+x@mail.example.co.uk today|write to <email> today",
        "4111 1111 1111 1111|<card>",
        "4111-1111-1111-1111|<card>",
        "5500005555555559|<card>",
        "123-45-6789|<ssn>",
        "DE89370400440532013000|<iban>",
        "GB82 WEST 1234 5698 7654 32|<iban>",
        "+44 20 7946 0958|<phone>",
        "+1 (415) 555-2671|<phone>",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U|<jwt>",
        "sk-proj-abcdefghijklmnop1234|<secret>",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789|<secret>",
        "AKIAIOSFODNN7EXAMPLE|<secret>",
        "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7|<secret>",
        "from 192.168.1.20|from <ipv4>",
        "{\"password\": \"hunter2\", \"name\": \"x\"}|{\"password\": \"<masked>\", \"name\": \"x\"}",
        "login token=abc123 ok|login token=<masked> ok"})
    void valuesFoundInText(String value, String masked) {
        assertThat(SensitiveData.scrubText(value)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"The Dark Knight", "2024-01-15", "2024-01-15 10:20:30", "4111 1111 1111 1112",
        "12345", "550e8400-e29b-41d4-a716-446655440000", "d41d8cd98f00b204e9800998ecf8427e", "v1.2.3", "8.5",
        "DE89370400440532013001", "call me maybe", "999.1.1.1"})
    void ordinaryValuesAreLeftAlone(String value) {
        assertThat(SensitiveData.scrubText(value)).isEqualTo(value);
    }

    @Test
    void maskKeepsAShapeHintDropRemovesAllowKeeps() {
        List<String> columns = List.of("id", "email", "password", "contact", "dob", "note");
        List<List<Object>> rows = List.of(Arrays.asList(1, "a@b.example", "hunter2!", "mail c@d.example",
                LocalDate.of(1990, 1, 2), null));

        assertThat(SensitiveData.rows(PiiPolicy.MASK, columns, rows)).containsExactly(
                Arrays.asList(1, "<email>", "<masked>", "mail <email>", "<masked>", null));
        assertThat(SensitiveData.rows(PiiPolicy.DROP, columns, rows)).containsExactly(
                Arrays.asList(1, "<dropped>", "<dropped>", "<dropped>", "<dropped>", null));
        assertThat(SensitiveData.rows(PiiPolicy.ALLOW, columns, rows)).isEqualTo(rows);
    }

    @Test
    void aSensitiveColumnOfNumbersIsMaskedToo() {
        assertThat(SensitiveData.value(PiiPolicy.MASK, true, new BigDecimal("123456.78"))).isEqualTo("<masked>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT id, email AS e, password AS p, name FROM users|id,e,p,name|false,true,true,false",
        "SELECT id, upper(password) FROM users|id,upper|false,true",
        "SELECT x FROM (SELECT token AS x FROM users) t|x|true",
        "WITH a AS (SELECT ssn AS s FROM p) SELECT s AS k FROM a|k|true",
        "SELECT count(email) AS n, name FROM users GROUP BY name|n,name|false,false",
        "SELECT * FROM users|id,email|false,true",
        "not sql at all|email,x|true,false"})
    void aliasesOfSensitiveColumnsStaySensitive(String sql, String columns, String expected) {
        boolean[] got = SensitiveColumns.of(sql, List.of(columns.split(",")));
        String[] want = expected.split(",");
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as(sql + " column " + i).isEqualTo(Boolean.parseBoolean(want[i]));
        }
    }
}
