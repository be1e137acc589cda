package io.osiris.llm.agent;

import static io.osiris.llm.agent.ChatAgentConversationTest.call;
import static io.osiris.llm.agent.ChatAgentConversationTest.propose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.core.write.PlannedWrites;
import io.osiris.llm.agent.Evidence.Finding;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence a proposal carries, and the findings that go back to the model once a turn. */
class ProposalEvidenceTest {
    @TempDir
    Path dir;

    /** One extract, one transform, one CSV load. */
    static String yaml(String name, String query, String transform) {
        return """
                # osiris-pipeline-v2
                name: %s
                version: 1.0
                extract:
                  - id: picked
                    source: duckdb
                    connection: default
                    query: |
                %s
                transform:
                  - id: shaped
                    engine: duckdb
                    sql: |
                      %s
                load:
                  - id: save_csv
                    from: shaped
                    to: csv
                    path: output/%s.csv
                """.formatted(name, query.strip().lines().map(l -> "      " + l).reduce((a, b) -> a + "\n" + b)
                .orElseThrow(), transform, name);
    }

    static final String JOINED = yaml("reviewed_movies", """
            SELECT m.movie_id, m.title, r.rating
            FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
            WHERE m.release_year >= 2010""", "SELECT * FROM picked ORDER BY title");

    static final String PER_MOVIE = yaml("reviewed_movies", """
            SELECT m.movie_id, m.title, CAST(AVG(r.rating) AS DECIMAL(4,2)) AS rating
            FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
            WHERE m.release_year >= 2010
            GROUP BY m.movie_id, m.title""", "SELECT * FROM picked ORDER BY title");

    private AgentHarness harness() throws Exception {
        return new AgentHarness(dir, WireFormat.OPENAI);
    }

    private ChatAgent agent(AgentHarness h, AgentOptions options) {
        return h.agent(AgentSession.create(h.state), options)
                .writes(new PlannedWrites(h.registry, h.config, dir)::of).build();
    }

    @Test
    void aJoinRepeatingMoviesGoesBackToTheModelOnceAndItsCorrectionIsWhatWaits() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = agent(h, AgentOptions.DEFAULT);
            h.replyTools(call("p1", "propose_pipeline", propose(JOINED, "reviewed movies since 2010")));
            h.replyTools(call("p2", "propose_pipeline", propose(PER_MOVIE, "one row per movie")));
            h.replyText("One row per movie, with its average rating.");

            TurnResult turn = agent.send("Movies since 2010 with their rating");

            JsonNode first = h.result(1, "p1").json();
            assertThat(first.toString()).contains("\"valid\":true");
            assertThat(first.get("findings").get(0).get("kind").asText()).isEqualTo(Finding.ROW_MULTIPLICATION);
            assertThat(first.get("findings").get(0).get("message").asText())
                    .contains("distinct movies.movie_id", "the join repeats rows of movies");
            assertThat(first.get("note").asText()).contains("Fix it and call propose_pipeline again",
                    "explain why");
            JsonNode second = h.result(2, "p2").json();
            assertThat(second.get("valid").asBoolean()).isTrue();
            assertThat(second.has("findings")).isFalse();
            Proposal pending = agent.pending().orElseThrow();
            assertThat(pending.yaml()).isEqualTo(PER_MOVIE);
            assertThat(turn.proposal()).isEqualTo(pending);
            assertThat(pending.evidence().findings()).isEmpty();
            assertThat(pending.evidence().cost()).isEqualTo(new Evidence.Cost(2, 200, 40));
        }
    }

    @Test
    void findingsGoBackOnlyOnceATurnAndThePersonStillSeesThem() throws Exception {
        String nothing = yaml("future_movies", "SELECT title FROM movies WHERE release_year > 3000",
                "SELECT * FROM picked");
        try (AgentHarness h = harness()) {
            ChatAgent agent = agent(h, AgentOptions.DEFAULT);
            h.replyTools(call("p1", "propose_pipeline", propose(nothing, "future movies")));
            h.replyTools(call("p2", "propose_pipeline", propose(nothing, "still future movies")));
            h.replyText("No movie is from after 3000; the file will hold the header only, as asked.");

            agent.send("Movies released after the year 3000");

            assertThat(h.result(1, "p1").json().get("findings").get(0).get("kind").asText())
                    .isEqualTo(Finding.EMPTY);
            assertThat(h.result(1, "p1").json().get("findings").get(0).get("message").asText())
                    .contains("returns no rows");
            assertThat(h.result(2, "p2").json().has("findings")).isFalse();
            Evidence evidence = agent.pending().orElseThrow().evidence();
            assertThat(evidence.findings()).extracting(Finding::kind).contains(Finding.EMPTY);
            assertThat(evidence.counts().get(0).previewed()).isZero();
            assertThat(evidence.output().total()).isZero();
            assertThat(evidence.output().exact()).isTrue();
        }
    }

    @Test
    void evidenceShowsTheOutputAfterTransformsCountsTypesSensitiveColumnsAndWrites() throws Exception {
        String pipeline = yaml("ratings", """
                SELECT r.review_id, r.reviewer AS reviewer_email, r.rating, m.budget_musd
                FROM reviews r JOIN movies m ON m.movie_id = r.movie_id""",
                "SELECT review_id, reviewer_email, CAST(rating AS INTEGER) AS stars, budget_musd, NULL AS unused"
                        + " FROM picked ORDER BY review_id LIMIT 3");
        try (AgentHarness h = harness()) {
            ChatAgent agent = agent(h, AgentOptions.DEFAULT);
            h.replyTools(call("p1", "propose_pipeline", propose(pipeline, "ratings")));
            h.replyText("Three ratings.");

            Evidence e = agent.send("Three ratings").proposal().evidence();

            assertThat(e.output().load()).isEqualTo("save_csv");
            assertThat(e.output().columns()).containsExactly("review_id", "reviewer_email", "stars", "budget_musd",
                    "unused");
            assertThat(e.output().rows()).hasSize(3);
            assertThat(e.output().rows()).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("<masked>"));
            assertThat(e.output().total()).isEqualTo(3);
            Evidence.RowCount count = e.counts().get(0);
            assertThat(count.step()).isEqualTo("picked");
            assertThat(count.previewed()).isEqualTo(countOf(h, "SELECT COUNT(*) FROM reviews"));
            assertThat(count.estimated()).isPositive();
            assertThat(e.types()).filteredOn(t -> t.column().equals("stars")).singleElement()
                    .satisfies(t -> assertThat(t.lossy()).isEqualTo("the fraction is dropped"));
            assertThat(e.types()).filteredOn(t -> t.column().equals("review_id")).singleElement()
                    .satisfies(t -> assertThat(t.isLossy()).isFalse());
            assertThat(e.types()).allSatisfy(t -> assertThat(t.target()).endsWith(" in csv"));
            assertThat(e.types()).filteredOn(t -> t.column().equals("stars")).singleElement()
                    .satisfies(t -> assertThat(t.source() + " -> " + t.target()).isEqualTo(
                            "DECIMAL(3,1) -> INTEGER in csv"));
            assertThat(e.sensitive()).containsExactly("save_csv.reviewer_email");
            assertThat(e.writes()).singleElement().satisfies(w -> {
                assertThat(w.target()).isEqualTo("csv output/ratings.csv");
                assertThat(w.exists()).isFalse();
                assertThat(w.note()).isEmpty();
            });
            assertThat(e.findings()).extracting(Finding::kind).containsExactly(Finding.NULL_ONLY);
            assertThat(Files.exists(dir.resolve("output/ratings.csv"))).isFalse();
        }
    }

    @Test
    void withSampleDataOffNoRowOrCountIsRead() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = agent(h, AgentOptions.DEFAULT.withSampleData(false));
            h.replyTools(call("p1", "propose_pipeline", propose(JOINED, "reviewed movies")));
            h.replyText("Done.");

            Evidence e = agent.send("Reviewed movies").proposal().evidence();

            assertThat(e.output().rows()).isEmpty();
            assertThat(e.output().columns()).containsExactly("movie_id", "title", "rating");
            assertThat(e.output().note()).contains("sample data is off");
            assertThat(e.counts().get(0).previewed()).isEqualTo(-1);
            assertThat(e.findings()).isEmpty();
            assertThat(e.types()).hasSize(3);
        }
    }

    @Test
    void aSessionKeepsTheEvidenceAndReadsProposalsStoredWithoutIt() throws Exception {
        try (AgentHarness h = harness()) {
            AgentSession session = AgentSession.create(h.state);
            ChatAgent agent = h.agent(session, AgentOptions.DEFAULT).build();
            h.replyTools(call("p1", "propose_pipeline", propose(PER_MOVIE, "per movie")));
            h.replyText("Done.");
            Proposal made = agent.send("Per movie").proposal();

            Proposal read = AgentSession.find(h.state, session.id()).orElseThrow().pending().orElseThrow();

            assertThat(read.evidence()).isEqualTo(made.evidence());
            assertThat(read.evidence().writes()).singleElement()
                    .satisfies(w -> assertThat(w.note()).isEqualTo("existence not looked up"));
            java.util.Map<String, Object> old = new java.util.LinkedHashMap<>(SessionCodec.proposal(made));
            old.remove("evidence");
            assertThat(SessionCodec.proposal(old).evidence()).isEqualTo(Evidence.NONE);
            assertThat(SessionCodec.proposal(old).sha256()).isEqualTo(made.sha256());
        }
    }

    private static long countOf(AgentHarness h, String sql) {
        try (var rows = h.connector.extractor().extract(new io.osiris.api.connector.Extraction.Query(sql))) {
            rows.next();
            return ((Number) rows.get(0)).longValue();
        }
    }

    static List<String> kinds(Evidence e) {
        return e.findings().stream().map(Finding::kind).toList();
    }
}
