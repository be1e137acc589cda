package io.osiris.testkit;

/**
 * The contract every Osiris connector passes against its real database, the one class a
 * connector's test extends. Its parts, each a class of its own: {@link DiscoveryChecks}
 * (registration, tables, columns, keys reported NOT NULL, describing without reading rows),
 * {@link ExtractionChecks} (tables, queries, errors, credentials, read-only extraction,
 * {@code cancel()}, {@code close()}), {@link TypeChecks} (every portable type, 38-digit decimals,
 * the CSV fast paths), {@link WriteChecks} (streaming in constant memory, each write mode, failed
 * loads), {@link DeleteInsertChecks} (delete_insert on a key or a partition, or its refusal),
 * {@link IdentifierChecks} (odd table and column names), {@link ConfigurationChecks}
 * (required, unknown and secret configuration keys) and {@link SplitReadChecks} (for a connector
 * offering {@code SplitRead}: the splits together read exactly the rows of the whole extraction).
 *
 * <p>A connector's test extends this class, says how to reach its database
 * ({@link #connectorConfig()}), how to run DDL there ({@link #execute(String)}), and which
 * {@link Behavior}s it lacks ({@link #hasBehavior(Behavior)}); fixtures it cannot make with
 * SQL it makes its own way by overriding the hooks ({@link #createDiscoveryFixture()},
 * {@link #createKeyedFixture()}, {@link #createUnreadableTable()}, {@link #createSplitTable},
 * {@link #dropTable(String)}, ...).
 * The connector is opened through {@link java.util.ServiceLoader}, exactly as Osiris opens it,
 * so a missing {@code META-INF/services} entry fails here first.
 *
 * <p>The kit creates tables prefixed {@code osiris_kit_} (or the system property
 * {@code osiris.kit.prefix}) and drops them again; the odd-identifier check also creates a
 * table named {@code select}.
 */
public abstract class ConnectorContractTest extends SplitReadChecks {
    /** For a connector's test to extend. */
    protected ConnectorContractTest() {
    }
}
