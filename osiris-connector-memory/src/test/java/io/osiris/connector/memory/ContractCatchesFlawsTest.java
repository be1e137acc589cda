package io.osiris.connector.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.ConnectorConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract suite fails the connectors it once passed: one that reads a 38-digit decimal
 * through a double, one that reports key columns nullable, and one whose {@code describe()}
 * reads rows. Each is the memory connector with one flaw ({@link FlawedConnectorProvider}); the
 * suite runs on it through the JUnit launcher, as a build would run it.
 */
class ContractCatchesFlawsTest {

    @Test
    void aDecimalReadThroughADoubleFailsTheWideDecimalCheck() {
        Map<String, Optional<Throwable>> results = run(DecimalsAsDoubles.class,
                "wideDecimalsSurviveARoundTripExactly", "everyPortableTypeSurvivesARoundTrip");
        assertThat(results.get("everyPortableTypeSurvivesARoundTrip")).as("the old types check passes it").isEmpty();
        assertThat(results.get("wideDecimalsSurviveARoundTripExactly")).as("the wide-decimal check")
                .hasValueSatisfying(t -> assertThat(t).hasMessageContaining("must read back as the same BigDecimal"));
    }

    @Test
    void keyColumnsReportedNullableFailTheKeyChecks() {
        Map<String, Optional<Throwable>> results = run(NullableKeys.class,
                "primaryKeyColumnsAreReportedNotNull", "aKeyLoadedAsNullableIsReportedNotNull");
        assertThat(results.get("primaryKeyColumnsAreReportedNotNull")).hasValueSatisfying(t -> assertThat(t)
                .hasMessageContaining("key column id is reported nullable"));
        assertThat(results.get("aKeyLoadedAsNullableIsReportedNotNull")).isPresent();
    }

    @Test
    void describeThatReadsRowsFailsTheNoRowsCheck() {
        Map<String, Optional<Throwable>> results = run(DescribeReadsRows.class, "describingAndDiscoveryReadNoRows");
        assertThat(results.get("describingAndDiscoveryReadNoRows")).hasValueSatisfying(t -> assertThat(t)
                .hasMessageContaining("describing must not read rows"));
    }

    /** Runs the named tests of a suite; each maps to its failure, or empty when it passed. */
    private static Map<String, Optional<Throwable>> run(Class<?> suite, String... tests) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String test : tests) {
            request.selectors(DiscoverySelectors.selectMethod(suite, test));
        }
        Map<String, Optional<Throwable>> results = new HashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request.build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                    results.put(m.getMethodName(), result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                            ? Optional.empty() : Optional.of(result.getThrowable().orElseThrow()));
                }
            }
        });
        assertThat(results).as("tests run on %s", suite.getSimpleName()).containsOnlyKeys(List.of(tests));
        return results;
    }

    /** The contract on the memory connector with one flaw, named by the connection. */
    abstract static class FlawedContract extends MemoryConnectorContractTest {
        @Override
        protected ConnectorConfig connectorConfig() {
            return new ConnectorConfig(FlawedConnectorProvider.TYPE, connection(), Map.of());
        }
    }

    static class DecimalsAsDoubles extends FlawedContract {
        @Override
        protected String connection() {
            return "decimals_as_doubles";
        }
    }

    static class NullableKeys extends FlawedContract {
        @Override
        protected String connection() {
            return "nullable_keys";
        }
    }

    static class DescribeReadsRows extends FlawedContract {
        @Override
        protected String connection() {
            return "describe_reads_rows";
        }
    }
}
