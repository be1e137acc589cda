package io.osiris.spark;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * A source of its own for the split tests, found by {@link java.util.ServiceLoader} on the Spark
 * executor as any connector is: {@code rows} numbered rows (every seventh name NULL), split into key
 * ranges; the split {@code fail_split} names fails after its first row. Its {@code password} must
 * reach the executor, or it refuses to open.
 */
public final class RangesConnectorProvider implements ConnectorProvider {
    static final RowSchema SCHEMA = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("name", ColumnType.STRING), new ColumnInfo("amount", ColumnType.decimal(10, 2)),
            new ColumnInfo("at", ColumnType.TIMESTAMP));
    private static final Pattern RANGE = Pattern.compile("id >= (\\d+) AND id < (\\d+)");

    @Override
    public String type() {
        return "sk_ranges";
    }

    @Override
    public String description() {
        return "numbered rows in key ranges, for tests";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.required("rows", "how many rows"), ConfigKey.optional("fail_split", "a split that fails"),
                ConfigKey.secret("password", "must arrive"));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        if (!"s3cret".equals(config.get("password").orElse(""))) {
            throw new IllegalStateException("the password did not reach the connector");
        }
        return new Ranges(config.getInt("rows", 0), config.getInt("fail_split", -1));
    }

    static List<Object> row(long id) {
        return Arrays.asList(id, id % 7 == 0 ? null : "n" + id, BigDecimal.valueOf(id * 25, 2),
                LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id));
    }

    private record Ranges(int rows, int failSplit) implements Connector, SplitRead {
        @Override
        public SplitPlan plan(Extraction extraction, SplitRequest request) {
            List<Split> splits = new ArrayList<>();
            int n = request.parallelism();
            for (int i = 0; i < n; i++) {
                long from = 1 + (long) rows * i / n;
                long to = 1 + (long) rows * (i + 1) / n;
                splits.add(new Split(i, "id >= " + from + " AND id < " + to, "", "id [" + from + ", " + to + ")"));
            }
            return SplitPlan.of(splits, SplitPlan.Consistency.ONE_SNAPSHOT, n + " ranges of id");
        }

        @Override
        public RowStream read(Extraction extraction, Split split) {
            Matcher range = RANGE.matcher(split.condition());
            long from = split.whole() ? 1 : (range.matches() ? Long.parseLong(range.group(1)) : -1);
            long to = split.whole() ? rows + 1L : Long.parseLong(range.group(2));
            List<List<?>> values = LongStream.range(from, to).<List<?>>mapToObj(RangesConnectorProvider::row).toList();
            boolean fail = split.index() == failSplit;
            var each = values.iterator();
            return RowStream.of(SCHEMA, new java.util.Iterator<List<?>>() {
                private int served;

                @Override
                public boolean hasNext() {
                    if (fail && served == 1) {
                        throw new ExecutionFailedException("split " + split.index() + " lost its connection");
                    }
                    return each.hasNext();
                }

                @Override
                public List<?> next() {
                    served++;
                    return each.next();
                }
            });
        }

        @Override
        public String type() {
            return "sk_ranges";
        }

        @Override
        public SqlDialect dialect() {
            return SqlDialect.ANSI;
        }

        @Override
        public void ping() {
        }

        @Override
        public IDiscovery discovery() {
            throw new UnsupportedOperationException("no discovery");
        }

        @Override
        public IExtractor extractor() {
            return new IExtractor() {
                @Override
                public RowStream extract(Extraction extraction) {
                    return read(extraction, Split.WHOLE);
                }

                @Override
                public RowSchema describe(Extraction extraction) {
                    return SCHEMA;
                }
            };
        }

        @Override
        public Optional<ILoader> loader() {
            return Optional.empty();
        }

        @Override
        public <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
            return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
