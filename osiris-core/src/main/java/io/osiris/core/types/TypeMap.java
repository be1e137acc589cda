package io.osiris.core.types;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.NativeType;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.data.ColumnType;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.FileTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The published type map: every native type each source connector reads, its portable type, and
 * what each load target makes of it (a database's created column type, a file's representation),
 * each with how the value changes or nothing when it comes back exactly. Built from the connectors'
 * own {@link TypeMapping}s and the engine's {@link FileTypes}, the code that applies them, so the
 * printed table ({@code osiris types}, {@code docs/types.md}) is the applied one.
 */
public final class TypeMap {
    /** The file targets, in the order the table lists them. */
    public static final List<LoadTarget> FILES = List.of(LoadTarget.CSV, LoadTarget.PARQUET, LoadTarget.JSON);

    private final List<String> sources;
    private final List<String> targets;
    private final List<Row> rows;

    /**
     * What a target makes of a portable type.
     *
     * @param type   the created column's type, or the file's representation
     * @param change how a value changes on the way there and back; empty when it comes back exactly
     */
    public record Cell(String type, String change) {
        public Cell {
            requireNonNull(type, "type");
            requireNonNull(change, "change");
        }
    }

    /**
     * One native type of one source, with each target's cell.
     *
     * @param source  the source's connector type
     * @param read    the native type, its portable type and how a read changes it
     * @param targets each target's cell, by target name, in the table's order
     */
    public record Row(String source, NativeType read, Map<String, Cell> targets) {
        public Row {
            requireNonNull(source, "source");
            requireNonNull(read, "read");
            targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        }

        /** The portable type the source's values arrive as. */
        public ColumnType portable() {
            return read.portable();
        }

        /** Whether a value comes back exactly from the source into {@code target}. */
        public boolean lossless(String target) {
            return read.lossless() && cell(target).change().isEmpty();
        }

        /** The cell of a target. */
        public Cell cell(String target) {
            Cell cell = targets.get(target);
            if (cell == null) {
                throw new IllegalArgumentException("no target '" + target + "' in the type map: " + targets.keySet());
            }
            return cell;
        }

        /** How a value changes from this source into {@code target}, read and write, for people; "lossless" when exact. */
        public String changes(String target) {
            List<String> parts = new ArrayList<>();
            if (!read.lossless()) {
                parts.add(read.change());
            }
            if (!cell(target).change().isEmpty()) {
                parts.add(cell(target).change());
            }
            return parts.isEmpty() ? "lossless" : String.join("; ", parts);
        }
    }

    private TypeMap(List<String> sources, List<String> targets, List<Row> rows) {
        this.sources = List.copyOf(sources);
        this.targets = List.copyOf(targets);
        this.rows = List.copyOf(rows);
    }

    /**
     * The map of these connectors: each one that publishes a {@link TypeMapping} is a source, and a
     * target when it creates tables; then the file formats. Connectors are listed by type name.
     */
    public static TypeMap of(List<? extends ConnectorProvider> providers) {
        Map<String, TypeMapping> mappings = new LinkedHashMap<>();
        providers.stream().sorted(Comparator.comparing(ConnectorProvider::type)).forEach(p -> {
            Optional<TypeMapping> mapping = p.typeMapping();
            mapping.ifPresent(m -> mappings.putIfAbsent(p.type(), m));
        });
        List<String> databases = new ArrayList<>();
        for (Map.Entry<String, TypeMapping> e : mappings.entrySet()) {
            if (createsTables(e.getValue())) {
                databases.add(e.getKey());
            }
        }
        List<String> targets = new ArrayList<>(databases);
        FILES.forEach(f -> targets.add(name(f)));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, TypeMapping> e : mappings.entrySet()) {
            for (NativeType read : e.getValue().reads()) {
                Map<String, Cell> cells = new LinkedHashMap<>();
                for (String target : databases) {
                    TypeMapping to = mappings.get(target);
                    cells.put(target, new Cell(to.columnType(read.portable()), to.writeChange(read.portable())));
                }
                for (LoadTarget file : FILES) {
                    cells.put(name(file), new Cell(FileTypes.representation(file, read.portable()),
                            FileTypes.change(file, read.portable())));
                }
                rows.add(new Row(e.getKey(), read, cells));
            }
        }
        return new TypeMap(List.copyOf(mappings.keySet()), targets, rows);
    }

    private static boolean createsTables(TypeMapping mapping) {
        try {
            mapping.columnType(ColumnType.STRING);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static String name(LoadTarget file) {
        return file.name().toLowerCase(Locale.ROOT);
    }

    /** The source connector types, by name. */
    public List<String> sources() {
        return sources;
    }

    /** The targets: connector types that create tables, by name, then {@code csv}, {@code parquet}, {@code json}. */
    public List<String> targets() {
        return targets;
    }

    /** Every row, source by source. */
    public List<Row> rows() {
        return rows;
    }

    /** The rows of one source connector type. */
    public List<Row> rows(String source) {
        return rows.stream().filter(r -> r.source().equals(source)).toList();
    }

    /**
     * The rows of {@code sources} as plain maps and lists, ready for a JSON writer: what
     * {@code osiris types --json} prints and {@code osiris mcp} serves.
     */
    public Map<String, Object> toJson(List<String> sources) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String s : sources) {
            for (Row row : rows(s)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("source", row.source());
                r.put("native", row.read().declaration());
                r.put("portable", row.portable().toString());
                r.put("change", row.read().change());
                Map<String, Object> cells = new LinkedHashMap<>();
                for (String t : targets()) {
                    cells.put(t, Map.of("type", row.cell(t).type(), "change", row.cell(t).change(),
                            "lossless", row.lossless(t)));
                }
                r.put("targets", cells);
                rows.add(r);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sources", sources);
        m.put("targets", targets());
        m.put("rows", rows);
        return m;
    }
}
