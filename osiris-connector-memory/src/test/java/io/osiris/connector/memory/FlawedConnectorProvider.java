package io.osiris.connector.memory;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A connector with one of the flaws the contract suite once let through, for
 * {@link ContractCatchesFlawsTest}: the memory connector with the flaw its connection's name
 * gives ({@code decimals_as_doubles}, {@code nullable_keys}, {@code describe_reads_rows}).
 */
public final class FlawedConnectorProvider implements ConnectorProvider {
    static final String TYPE = "memory_flawed";

    enum Flaw { DECIMALS_AS_DOUBLES, NULLABLE_KEYS, DESCRIBE_READS_ROWS }

    /** Found with {@link java.util.ServiceLoader}. */
    public FlawedConnectorProvider() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "the memory connector with a flaw, for the kit's own test";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.optional("label", "free text"));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        config.requireKnownKeys(configKeys());
        Flaw flaw = Flaw.valueOf(config.name().toUpperCase(Locale.ROOT));
        Connector memory = new MemoryConnectorProvider().open(new ConnectorConfig("memory", config.name(), Map.of()));
        return new Flawed(memory, flaw);
    }

    private record Flawed(Connector memory, Flaw flaw) implements Connector, IDiscovery, IExtractor {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public SqlDialect dialect() {
            return memory.dialect();
        }

        @Override
        public void ping() {
            memory.ping();
        }

        @Override
        public IDiscovery discovery() {
            return this;
        }

        @Override
        public IExtractor extractor() {
            return this;
        }

        @Override
        public Optional<ILoader> loader() {
            return memory.loader();
        }

        @Override
        public void close() {
            memory.close();
        }

        @Override
        public List<TableSummary> listTables() {
            return memory.discovery().listTables();
        }

        @Override
        public TableInfo getTableInfo(String table, int sampleRows) {
            TableInfo info = memory.discovery().getTableInfo(table, sampleRows);
            return flaw != Flaw.NULLABLE_KEYS ? info : new TableInfo(info.name(), info.kind(),
                    nullable(info.columns()), info.primaryKey(), info.foreignKeys(), info.rowCountEstimate(),
                    info.comment(), info.sampleRows());
        }

        @Override
        public List<List<Object>> sampleRows(String table, int limit) {
            return memory.discovery().sampleRows(table, limit);
        }

        @Override
        public RowStream extract(Extraction extraction) {
            RowStream rows = memory.extractor().extract(extraction);
            return flaw == Flaw.DECIMALS_AS_DOUBLES ? new ThroughDoubles(rows) : rows;
        }

        @Override
        public RowSchema describe(Extraction extraction) {
            if (flaw == Flaw.DESCRIBE_READS_ROWS) {
                try (RowStream rows = memory.extractor().extract(extraction)) {
                    rows.next();
                    return rows.schema();
                }
            }
            RowSchema schema = memory.extractor().describe(extraction);
            return flaw == Flaw.NULLABLE_KEYS ? new RowSchema(nullable(schema.columns())) : schema;
        }

        private static List<ColumnInfo> nullable(List<ColumnInfo> columns) {
            return columns.stream().map(c -> new ColumnInfo(c.name(), c.type(), true, c.nativeType(), c.comment()))
                    .toList();
        }
    }

    /** Decimals read the way a careless driver call does: through a double. */
    private record ThroughDoubles(RowStream rows) implements RowStream {
        @Override
        public RowSchema schema() {
            return rows.schema();
        }

        @Override
        public boolean next() {
            return rows.next();
        }

        @Override
        public Object get(int column) {
            Object value = rows.get(column);
            return value instanceof BigDecimal d ? BigDecimal.valueOf(d.doubleValue())
                    .setScale(d.scale(), java.math.RoundingMode.HALF_EVEN) : value;
        }

        @Override
        public void cancel() {
            rows.cancel();
        }

        @Override
        public void close() {
            rows.close();
        }
    }
}
