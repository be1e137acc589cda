package io.osiris.cli;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.RowStream;
import io.osiris.core.Osiris;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.examples.MoviesDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris init [--force] [--demo-db TYPE]}: writes a commented {@code .osiris.yaml} and a
 * {@code .env.example}, never overwriting without {@code --force}; optionally loads the movies
 * database into the configured {@code default} connection of a server.
 */
@Command(name = "init", description = {
        "Write a commented .osiris.yaml (connections, LLM, discovery, output) and a .env.example.",
        "With --demo-db, load the movies database into the configured default connection of that type."},
        footer = {"", "Examples:", "  osiris init", "  osiris init --force",
                "  MYSQL_PASSWORD=... osiris init --demo-db mysql"})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Option(names = "--force", description = "Overwrite an existing .osiris.yaml and .env.example.")
    boolean force;

    @Option(names = "--demo-db", paramLabel = "TYPE",
            description = "Load the movies database into connections.TYPE.default (mysql, supabase, postgres).")
    String demoDb;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path config = Path.of(root != null && root.configFile != null ? root.configFile : ConfigLoader.FILE_NAME)
                .toAbsolutePath();
        Path envExample = config.resolveSibling(".env.example");
        boolean exists = Files.exists(config);
        if (exists && !force && demoDb == null) {
            err.println("osiris init: " + config + " already exists; nothing written. Use --force to overwrite it.");
            return 2;
        }
        if (!exists || force) {
            write(config, resource("init/osiris.yaml"));
            write(envExample, resource("init/env.example"));
            out.println("wrote " + config);
            out.println("wrote " + envExample + " (copy it to .env and fill in the secrets)");
        }
        if (demoDb != null) {
            try (Osiris osiris = OsirisCli.load(root, Osiris.configure().configFile(config.toString())
                    .plugins(OsirisCli.pluginDirectory(root)))) {
                loadDemoDatabase(out, err, osiris, demoDb);
            }
        } else {
            err.println("Next: edit the connections, then `osiris validate` checks them.");
        }
        return 0;
    }

    /** Copies every movies table into the server through our own loaders (replace, with primary keys). */
    private static void loadDemoDatabase(PrintWriter out, PrintWriter err, Osiris osiris, String type) {
        ConnectorRegistry registry = osiris.registry();
        // The config init writes names a database (movies) the server may not have yet: a connector that
        // can create it on connect (create_database) does so for the demo load, and only for it.
        ConnectorConfig target = osiris.config().requireConnection(type, "default").with("create_database", "true");
        try {
            Path scratch = Files.createTempDirectory("osiris-movies");
            Path file = MoviesDatabase.createDuckDb(scratch.resolve("movies.duckdb"));
            try (Connector source = registry.provider("duckdb")
                            .open(new ConnectorConfig("duckdb", "movies", Map.of("path", file.toString())));
                    Connector destination = registry.provider(type).open(target)) {
                destination.ping();
                ILoader loader = destination.loader().orElseThrow(() -> new ConfigurationException(
                        "The " + type + " connector cannot write, so it cannot hold the movies database."));
                for (String table : MoviesDatabase.TABLES) {
                    List<String> key = source.discovery().getTableInfo(table, 0).primaryKey();
                    try (RowStream rows = source.extractor().extract(new Extraction.Table(table))) {
                        LoadResult result = loader.load(new LoadRequest(table, WriteMode.REPLACE, key), rows);
                        out.printf("loaded %-13s %4d rows into %s%n", table, result.rowsWritten(), target.location());
                    }
                }
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println("The movies database is in " + target.location() + ". Try: osiris discover --source " + type);
    }

    private static String resource(String name) {
        try (InputStream in = InitCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes through a temp file and a rename, so a crash never leaves half a config. */
    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
