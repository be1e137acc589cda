package io.osiris.testkit;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * Child-process side of the streaming test: opens a connector found through ServiceLoader,
 * reads a whole table and prints {@code rows=N}. Run under a small {@code -Xmx}, it shows
 * extraction holds constant memory. The configuration arrives on standard input, so no
 * password appears on a command line.
 */
public final class StreamingProbe {
    private StreamingProbe() {
    }

    /** Arguments: connector type, connection name, table. Properties on stdin. */
    public static void main(String[] args) throws IOException {
        String type = args[0];
        String name = args[1];
        String table = args[2];
        Properties props = new Properties();
        props.load(new StringReader(new String(System.in.readAllBytes(), StandardCharsets.UTF_8)));
        Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString(), v.toString()));
        ConnectorProvider provider = ServiceLoader.load(ConnectorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals(type) || p.aliases().contains(type))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no provider of type " + type));
        long rows = 0;
        long checksum = 0;
        try (Connector connector = provider.open(new ConnectorConfig(type, name, map));
                RowStream stream = connector.extractor().extract(new Extraction.Table(table))) {
            while (stream.next()) {
                rows++;
                checksum += stream.getLong(0);
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("rows=" + rows + " checksum=" + checksum + " maxHeapMiB=" + rt.maxMemory() / (1024 * 1024));
    }
}
