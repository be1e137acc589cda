package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The extraction part of the contract: tables and queries, limits, errors that name their cause,
 * credentials, read-only extraction, cancelling, and closing.
 */
public abstract class ExtractionChecks extends DiscoveryChecks {
    ExtractionChecks() {
    }

    @Test
    void extractsATableWithChosenColumnsAndFilter() {
        assumeTrue(hasBehavior(Behavior.WHERE_FILTER), "connector does not filter");
        createDiscoveryFixture();
        List<List<Object>> rows = Values.readAll(connector().extractor()
                .extract(new Extraction.Table(PARENT, List.of("id", "name"), "id >= 2", 0)));
        assertThat(Values.sortedByFirstColumn(rows)).extracting(r -> r.get(1)).containsExactly("beta", "gamma");
    }

    @Test
    void extractionHonoursTheLimit() {
        createDiscoveryFixture();
        List<List<Object>> rows = Values.readAll(connector().extractor()
                .extract(new Extraction.Table(PARENT, List.of(), "", 2)));
        assertThat(rows).hasSize(2);
    }

    @Test
    void describeReturnsTheSchemaOfAQueryWithoutReadingIt() {
        assumeTrue(hasBehavior(Behavior.QUERY), "connector does not run queries");
        createDiscoveryFixture();
        RowSchema schema = connector().extractor().describe(
                new Extraction.Query("SELECT id, name AS label FROM " + q(PARENT)));
        assertThat(schema.names()).containsExactly("id", "label");
        assertThat(schema.column(1).type().kind()).isEqualTo(TypeKind.STRING);
    }

    @Test
    void extractingAnUnknownTableFailsNamingIt() {
        assertThatThrownBy(() -> Values.readAll(connector().extractor()
                .extract(new Extraction.Table("osiris_kit_missing"))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("osiris_kit_missing");
    }

    @Test
    void aSqlErrorCarriesTheDatabaseMessage() {
        assumeTrue(hasBehavior(Behavior.QUERY), "connector does not run queries");
        createDiscoveryFixture();
        assertThatThrownBy(() -> Values.readAll(connector().extractor()
                .extract(new Extraction.Query("SELECT no_such_column FROM " + q(PARENT)))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("no_such_column");
    }

    @Test
    void wrongCredentialsFailAsAConnectionErrorWithoutThePassword() {
        assumeTrue(hasBehavior(Behavior.CREDENTIALS), "connector does not authenticate");
        ConnectorConfig wrong = wrongCredentialsConfig();
        Throwable thrown = null;
        try (Connector c = provider(wrong.type()).open(wrong)) {
            c.ping();
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).as("opening with a wrong password must fail").isInstanceOf(ConnectionException.class);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD);
        }
    }

    // ---------------------------------------------------------------- read-only extraction

    /**
     * Extraction is read-only by construction: a query that tries to write, or a {@code where}
     * that smuggles a second statement, is refused or runs where it cannot write.
     */
    @Test
    void extractionNeverWrites() {
        assumeTrue(hasBehavior(Behavior.QUERY) || hasBehavior(Behavior.WHERE_FILTER),
                "connector runs no SQL of the caller's");
        createDiscoveryFixture();
        List<List<Object>> before = parentRows();
        List<Extraction> attempts = new ArrayList<>();
        if (hasBehavior(Behavior.QUERY)) {
            for (String sql : writingQueries(q(PARENT))) {
                attempts.add(new Extraction.Query(sql));
            }
        }
        if (hasBehavior(Behavior.WHERE_FILTER)) {
            attempts.add(new Extraction.Table(PARENT, List.of(), "1 = 1; DELETE FROM " + q(PARENT), 0));
        }
        for (Extraction attempt : attempts) {
            Throwable describe = catchThrowable(() -> connector().extractor().describe(attempt));
            Throwable extract = catchThrowable(() -> Values.readAll(connector().extractor().extract(attempt)));
            for (Throwable t : java.util.Arrays.asList(describe, extract)) {
                if (t != null && !(t instanceof OsirisException)) {
                    throw new AssertionError("refusing " + attempt + " must be an OsirisException naming the"
                            + " cause, not " + t, t);
                }
            }
            if (!parentRows().equals(before)) {
                fail("%s changed %s: extraction must run read-only (a read-only transaction or session, or a"
                        + " refusal), whatever SQL it is given. Before: %s, after: %s", attempt, PARENT, before,
                        parentRows());
            }
        }
        if (connector().dialect() == SqlDialect.POSTGRES || connector().dialect() == SqlDialect.MYSQL) {
            execute("DROP FUNCTION IF EXISTS " + q(SMUGGLER) + (connector().dialect() == SqlDialect.POSTGRES ? "()" : ""));
        }
    }

    private List<List<Object>> parentRows() {
        return Values.sortedByFirstColumn(Values.readAll(connector().extractor().extract(new Extraction.Table(PARENT))));
    }

    // ---------------------------------------------------------------- cancel

    /**
     * {@code RowStream.cancel()} from another thread stops a long extraction promptly, and the
     * connector stays usable: after more cancelled extractions than a small pool has connections,
     * a plain extraction still gets a connection.
     */
    @Test
    void cancellingAnExtractionStopsItAndLeaksNothing() throws Exception {
        assumeTrue(hasBehavior(Behavior.CANCEL), "connector cannot cancel an extraction");
        createDiscoveryFixture();
        Extraction extraction = longExtraction();
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int round = 1; round <= CANCEL_ROUNDS; round++) {
                RowStream stream = connector().extractor().extract(extraction);
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.Future<Long> afterCancel = reader.submit(() -> {
                    long rowsAfterCancel = 0;
                    try {
                        while (stream.next()) {
                            started.countDown();
                            if (cancelled.get()) {
                                rowsAfterCancel++;
                            }
                        }
                    } catch (OsirisException stopped) {
                        // a cancelled stream may end with an error
                    } finally {
                        started.countDown();
                    }
                    return rowsAfterCancel;
                });
                assertThat(started.await(60, TimeUnit.SECONDS)).as("the long extraction produced a first row")
                        .isTrue();
                cancelled.set(true);
                stream.cancel();
                long rows;
                try {
                    rows = afterCancel.get(CANCEL_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    afterCancel.cancel(true);
                    throw new AssertionError("round " + round + ": next() still returned rows " + CANCEL_SECONDS
                            + "s after cancel(); a cancelled stream must end (next() false) or throw promptly", e);
                } finally {
                    stream.close();
                }
                assertThat(rows).as("rows next() returned after cancel() (round %d): cancel must stop the stream,"
                        + " not let it run to its end", round).isLessThan(MAX_ROWS_AFTER_CANCEL);
            }
        } finally {
            reader.shutdownNow();
        }
        connector().ping();
        java.util.concurrent.ExecutorService probe = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            List<List<Object>> rows = probe.submit(() -> Values.readAll(connector().extractor()
                    .extract(new Extraction.Table(PARENT)))).get(60, TimeUnit.SECONDS);
            assertThat(rows).as("rows of %s read after %d cancelled extractions", PARENT, CANCEL_ROUNDS).hasSize(3);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("after " + CANCEL_ROUNDS + " cancelled extractions, a plain extraction waited"
                    + " 60s: cancelled streams leak their connections (close() must return or discard them)", e);
        } finally {
            probe.shutdownNow();
        }
    }

    private static final int CANCEL_ROUNDS = 5;
    private static final int CANCEL_SECONDS = 15;
    private static final long MAX_ROWS_AFTER_CANCEL = 200_000;

    // ---------------------------------------------------------------- close

    /** {@code close()} twice is fine, and a closed connector refuses work with an error that says so. */
    @Test
    void closeIsIdempotentAndAClosedConnectorSaysSo() {
        createDiscoveryFixture();
        ConnectorConfig config = connectorConfig();
        Connector other = provider(config.type()).open(config);
        other.ping();
        Values.readAll(other.extractor().extract(new Extraction.Table(PARENT)));
        other.close();
        other.close();
        assertClosed("ping()", () -> other.ping());
        assertClosed("extractor().extract", () -> Values.readAll(other.extractor().extract(new Extraction.Table(PARENT))));
        assertClosed("discovery().listTables()", () -> other.discovery().listTables());
        if (hasBehavior(Behavior.WRITE)) {
            assertClosed("loader().load", () -> other.loader().orElseThrow().load(
                    new LoadRequest(WRITES, WriteMode.APPEND, List.of("id")), writeRows(1, "after close")));
        }
    }

    private static void assertClosed(String call, Runnable use) {
        Throwable thrown = catchThrowable(use::run);
        assertThat(thrown).as("%s on a closed connector must fail", call).isNotNull();
        assertThat(String.valueOf(thrown.getMessage())).as("message of %s on a closed connector (%s) must say it is"
                + " closed", call, thrown).containsIgnoringCase("closed");
    }
}
