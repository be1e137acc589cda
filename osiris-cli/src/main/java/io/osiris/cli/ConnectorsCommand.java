package io.osiris.cli;

import io.osiris.api.connector.ConnectorProvider;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris connectors [--json]}: the connector types found on the class path and in the
 * plugin directory, each with its aliases, where it came from, its version, dialect and the
 * capabilities it declares. Reads no config and opens no connection.
 */
@Command(name = "connectors", description = "List the connector types: built in, on the class path, and plugins.",
        footer = {"", "Examples:", "  osiris connectors", "  osiris connectors --plugins-dir ./plugins --json",
                "", "A plugin is a jar (or a folder of jars) in the plugin directory: --plugins-dir DIR,",
                "else $OSIRIS_PLUGINS_DIR, else ~/.osiris/plugins."})
final class ConnectorsCommand implements Callable<Integer> {
    /** Where a connector in one of our own packages, found on the class path, comes from. */
    static final String BUILT_IN = "built in";
    /** Where another connector found on the class path comes from. */
    static final String CLASS_PATH = "class path";

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Option(names = "--json", description = "Print the connectors as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path workingDirectory = Path.of("").toAbsolutePath();
        // The connector types only: a broken or absent .osiris.yaml does not hide them.
        try (Osiris osiris = OsirisCli.configure(root, workingDirectory).config(OsirisConfig.empty(workingDirectory))
                .load()) {
            ConnectorRegistry registry = osiris.registry();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ConnectorProvider provider : registry.providers()) {
                rows.add(describe(provider, registry.pluginOf(provider)));
            }
            if (json) {
                JsonOutput.print(out, rows);
            } else {
                print(out, rows, registry.pluginDirectory());
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> describe(ConnectorProvider provider, Optional<Path> plugin) throws IOException {
        Class<?> type = provider.getClass();
        boolean ours = plugin.isEmpty() && type.getName().startsWith("io.osiris.");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", provider.type());
        m.put("aliases", provider.aliases().stream().sorted().toList());
        m.put("from", plugin.map(Path::toString).orElse(ours ? BUILT_IN : CLASS_PATH));
        m.put("version", version(type, plugin, ours));
        m.put("description", provider.description());
        m.put("dialect", provider.dialect().name().toLowerCase(Locale.ROOT));
        m.put("capabilities", provider.capabilities().stream().map(Class::getSimpleName).sorted().toList());
        return m;
    }

    /**
     * The provider's package's {@code Implementation-Version}, else its plugin jar's manifest's,
     * else, for a connector of our own, the version of Osiris; {@code unknown} otherwise.
     */
    private static String version(Class<?> type, Optional<Path> plugin, boolean ours) throws IOException {
        String fromPackage = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        if (fromPackage != null) {
            return fromPackage;
        }
        if (plugin.isPresent() && Files.isRegularFile(plugin.get())) {
            try (JarFile jar = new JarFile(plugin.get().toFile())) {
                Manifest manifest = jar.getManifest();
                String declared = manifest == null ? null
                        : manifest.getMainAttributes().getValue("Implementation-Version");
                if (declared != null) {
                    return declared;
                }
            }
        }
        return ours ? OsirisCli.Version.osiris() : "unknown";
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, List<Map<String, Object>> rows, Optional<Path> pluginDirectory) {
        for (Map<String, Object> row : rows) {
            out.println(row.get("type") + " - " + row.get("description"));
            List<String> aliases = (List<String>) row.get("aliases");
            List<String> capabilities = (List<String>) row.get("capabilities");
            out.println("    aliases       " + (aliases.isEmpty() ? "none" : String.join(", ", aliases)));
            out.println("    from          " + row.get("from"));
            out.println("    version       " + row.get("version"));
            out.println("    dialect       " + row.get("dialect"));
            out.println("    capabilities  " + (capabilities.isEmpty() ? "none" : String.join(", ", capabilities)));
            out.println();
        }
        pluginDirectory.ifPresent(dir -> out.println("Plugin directory: " + dir
                + (Files.isDirectory(dir) ? "" : " (missing)")));
    }
}
