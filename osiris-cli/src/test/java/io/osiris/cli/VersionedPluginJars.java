package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.ConnectorProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds, at test time, a connector plugin jar that bundles its own copy of a library the host
 * also has: Jackson's {@code com.fasterxml.jackson.core.json.PackageVersion} (and the
 * {@code Version} it holds), at a version of the test's choosing. Its connector, of type
 * {@code jackson_<id>}, reports the Jackson version it sees in its description and as the one
 * row of its table {@code jackson}.
 *
 * <p>The connector is compiled against the bundled copy, but the bytecode links just as well
 * against the real jackson-core ({@code PackageVersion.VERSION} is a {@code Version} there too,
 * printed by {@code toString()}): if the plugin were given the host's copy, it would report the
 * host's version. Only its class loader decides which copy it sees.
 */
final class VersionedPluginJars {
    private VersionedPluginJars() {
    }

    /** The connector type of the plugin {@code id}. */
    static String type(String id) {
        return "jackson_" + id;
    }

    /** Builds the plugin {@code id} bundling Jackson {@code jacksonVersion} into {@code jar}. */
    static Path build(Path work, String id, String jacksonVersion, Path jar) {
        return build(work, id, jacksonVersion, jar, true);
    }

    /**
     * Builds the plugin {@code id}; without {@code bundleJackson}, its jar lacks the library its
     * connector uses from {@code open} on (a plugin that counted on the host's copy).
     */
    static Path build(Path work, String id, String jacksonVersion, Path jar, boolean bundleJackson) {
        try {
            Path src = Files.createDirectories(work.resolve("src-" + id));
            Path classes = Files.createDirectories(work.resolve("classes-" + id));
            List<Path> sources = new ArrayList<>();
            sources.add(write(src, "com/fasterxml/jackson/core/Version.java", """
                    package com.fasterxml.jackson.core;
                    /** The bundled copy: only what the plugin uses. */
                    public class Version {
                        private final String text;
                        public Version(String text) { this.text = text; }
                        @Override public String toString() { return text; }
                    }
                    """));
            sources.add(write(src, "com/fasterxml/jackson/core/json/PackageVersion.java", """
                    package com.fasterxml.jackson.core.json;
                    import com.fasterxml.jackson.core.Version;
                    public final class PackageVersion {
                        public static final Version VERSION = new Version("%s");
                    }
                    """.formatted(jacksonVersion)));
            String pkg = "plugin." + id;
            sources.add(write(src, pkg.replace('.', '/') + "/JacksonProvider.java", """
                    package %1$s;
                    import com.fasterxml.jackson.core.json.PackageVersion;
                    import io.osiris.api.connector.*;
                    import io.osiris.api.data.*;
                    import java.util.*;
                    public final class JacksonProvider implements ConnectorProvider {
                        static final RowSchema SCHEMA = RowSchema.of(new ColumnInfo("plugin", ColumnType.STRING),
                                new ColumnInfo("jackson", ColumnType.STRING));
                        static String seen() { return PackageVersion.VERSION.toString(); }
                        public String type() { return "%2$s"; }
                        public String description() { return "reports the Jackson it sees: " + seen(); }
                        public List<ConfigKey> configKeys() {
                            return List.of(ConfigKey.optional("label", "free text"));
                        }
                        public Connector open(ConnectorConfig config) { return new JacksonConnector(type()); }
                    }
                    """.formatted(pkg, type(id))));
            sources.add(write(src, pkg.replace('.', '/') + "/JacksonConnector.java", """
                    package %1$s;
                    import io.osiris.api.connector.*;
                    import io.osiris.api.data.*;
                    import java.util.*;
                    final class JacksonConnector implements Connector, IDiscovery, IExtractor {
                        private final String type;
                        JacksonConnector(String type) { this.type = type; JacksonProvider.seen(); }
                        public String type() { return type; }
                        public SqlDialect dialect() { return SqlDialect.ANSI; }
                        public void ping() { }
                        public IDiscovery discovery() { return this; }
                        public IExtractor extractor() { return this; }
                        public Optional<ILoader> loader() { return Optional.empty(); }
                        public void close() { }
                        public List<TableSummary> listTables() {
                            return List.of(new TableSummary("jackson", TableKind.TABLE, 1));
                        }
                        public TableInfo getTableInfo(String table, int sampleRows) {
                            return new TableInfo("jackson", TableKind.TABLE, JacksonProvider.SCHEMA.columns(), List.of(),
                                    List.of(), 1, "", sampleRows == 0 ? List.of() : List.of(row()));
                        }
                        public List<List<Object>> sampleRows(String table, int limit) { return List.of(row()); }
                        public RowStream extract(Extraction extraction) {
                            return RowStream.of(JacksonProvider.SCHEMA, List.of(row()));
                        }
                        public RowSchema describe(Extraction extraction) { return JacksonProvider.SCHEMA; }
                        private List<Object> row() { return List.of(type, JacksonProvider.seen()); }
                    }
                    """.formatted(pkg)));
            sources.add(write(src, pkg.replace('.', '/') + "/NeverLoaded.java", """
                    package %s;
                    /** Loaded by no test before the registry closes. */
                    public final class NeverLoaded { }
                    """.formatted(pkg)));
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", apiJar().toString(),
                    "-encoding", "UTF-8"));
            sources.forEach(s -> args.add(s.toString()));
            assertThat(compiler.run(null, null, null, args.toArray(String[]::new))).as("plugin %s compiles", id).isZero();
            if (!bundleJackson) {
                try (Stream<Path> jackson = Files.walk(classes.resolve("com"))) {
                    for (Path f : jackson.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
            writeJar(classes, jar, id);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the host's {@code osiris-api} classes are: the only thing the plugin is compiled against. */
    private static Path apiJar() {
        try {
            return Path.of(ConnectorProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static void writeJar(Path classes, Path jar, String id) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "jackson plugin " + id);
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.0-" + id);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + ConnectorProvider.class.getName()));
            out.write(("plugin." + id + ".JacksonProvider\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
