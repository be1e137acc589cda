package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConnectionException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import java.nio.file.Files;
import java.util.Optional;

/** An open csv connection: one folder shared by discovery, extraction and loads. Holds no open files. */
final class CsvConnector implements Connector {
    private final String type;
    private final CsvFolder folder;
    private final CsvDiscovery discovery;
    private final CsvExtractor extractor;
    private final CsvLoader loader;
    private volatile boolean closed;

    CsvConnector(String type, CsvSettings settings) {
        this.type = requireNonNull(type, "type");
        this.folder = new CsvFolder(settings);
        this.extractor = new CsvExtractor(folder);
        this.discovery = new CsvDiscovery(folder, extractor);
        this.loader = new CsvLoader(folder);
    }

    @Override
    public String type() {
        return type;
    }

    /** Not used to run anything (there is no SQL); ANSI quoting is what callers get for names. */
    @Override
    public SqlDialect dialect() {
        return SqlDialect.ANSI;
    }

    /** A folder that does not exist yet is fine: the first load creates it. */
    @Override
    public void ping() {
        requireOpen();
        if (Files.exists(folder.path()) && !(Files.isDirectory(folder.path()) && Files.isReadable(folder.path()))) {
            throw new ConnectionException("csv: " + folder.path() + " (" + folder.settings().location()
                    + ".path) is not a readable folder");
        }
    }

    @Override
    public IDiscovery discovery() {
        requireOpen();
        return discovery;
    }

    @Override
    public IExtractor extractor() {
        requireOpen();
        return extractor;
    }

    @Override
    public Optional<ILoader> loader() {
        requireOpen();
        return Optional.of(loader);
    }

    /** Every stream closes its own file, so there is nothing to release; afterwards this connection refuses work. */
    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("csv: the connection to " + folder.path() + " ("
                    + folder.settings().location() + ") is closed");
        }
    }
}
