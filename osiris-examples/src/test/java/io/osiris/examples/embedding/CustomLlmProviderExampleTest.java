package io.osiris.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.pipeline.Pipelines;
import io.osiris.examples.embedding.CustomLlmProviderExample.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomLlmProviderExampleTest {
    @TempDir
    Path dir;

    @Test
    void theRuleBasedModelDescribesProposesAndAnswersAndTheApprovedRunWritesTheCsv() throws Exception {
        Outcome outcome = CustomLlmProviderExample.converse(dir, CustomLlmProviderExample.DEFAULT_REQUEST);

        // Three model calls: describe both tables (at once), propose, answer in text.
        assertThat(outcome.turn().modelCalls()).isEqualTo(3);
        assertThat(outcome.turn().stoppedEarly()).isFalse();
        assertThat(outcome.turn().text()).isEqualTo("I proposed output/movies_rated_above_8_6.yaml. Approve it to run it.");

        // The agent validated the proposal, saved it and previewed what it reads.
        assertThat(outcome.proposal().name()).isEqualTo("movies_rated_above_8_6");
        Path saved = dir.resolve(outcome.proposal().file());
        assertThat(Pipelines.problems(saved)).isEmpty();
        assertThat(outcome.proposal().previews()).singleElement()
                .satisfies(p -> assertThat(p.rows()).hasSize(5));

        // Approving ran it.
        assertThat(outcome.report().step("save_csv").rows()).isEqualTo(5);
        assertThat(Files.readAllLines(dir.resolve("output/movies_rated_above_8_6.csv"), StandardCharsets.UTF_8))
                .containsExactly(
                        "title,release_year,avg_rating",
                        "Spirited Away,2001,8.8",
                        "The Dark Knight,2008,8.8",
                        "Princess Mononoke,1997,8.7",
                        "Django Unchained,2012,8.6",
                        "Pulp Fiction,1994,8.6");
    }

    @Test
    void theThresholdComesFromTheRequest() {
        Outcome outcome = CustomLlmProviderExample.converse(dir, "movies above 8.7 please");
        assertThat(outcome.report().step("save_csv").rows()).isEqualTo(2);
        assertThat(dir.resolve("output/movies_rated_above_8_7.csv")).content(StandardCharsets.UTF_8)
                .contains("The Dark Knight,2008,8.8");
    }

    @Test
    void mainPrintsTheConversation() {
        CustomLlmProviderExample.main(new String[] {dir.toString()});
        assertThat(dir.resolve("output/movies_rated_above_8_6.csv")).exists();
    }
}
