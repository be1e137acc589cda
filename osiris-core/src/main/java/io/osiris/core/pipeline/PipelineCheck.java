package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.Problem;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.Check;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.api.pipeline.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One validation pass over one document: the magic line, the top-level keys and secrets,
 * then the steps in order (extracts, transforms and what they read, loads), each reporting
 * into the same problem list.
 */
final class PipelineCheck {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Set<String> TOP_KEYS = PipelineFields.names(PipelineFields.pipeline());

    private final String yaml;
    private final String source;
    private final SortedSet<String> connectorTypes;
    private final Function<String, SqlDialect> dialects;

    PipelineCheck(String yaml, String source, SortedSet<String> connectorTypes, Function<String, SqlDialect> dialects) {
        this.yaml = yaml;
        this.source = source;
        this.connectorTypes = connectorTypes;
        this.dialects = dialects;
    }

    /** The pipeline, or empty; {@code problems} receives every problem found. */
    Optional<Pipeline> run(List<Problem> problems) {
        String firstLine = yaml.lines().findFirst().orElse("").strip();
        YamlDocument doc = YamlDocument.parse(yaml, source);
        if (!firstLine.equals(PipelineParser.MAGIC)) {
            problems.add(new Problem(source, "", 1, "the first line must be '" + PipelineParser.MAGIC
                    + "' (found '" + abbreviate(firstLine) + "')"));
        }
        problems.addAll(doc.problems());
        if (!doc.problems().isEmpty()) {
            return Optional.empty();
        }
        NodeReader reader = new NodeReader(source, doc);
        Optional<Pipeline> pipeline = steps(reader);
        problems.addAll(reader.problems());
        return problems.isEmpty() ? pipeline : Optional.empty();
    }

    private Optional<Pipeline> steps(NodeReader reader) {
        JsonNode root = reader.root();
        if (!root.isObject()) {
            reader.problem("", "a pipeline is a mapping with name, extract, transform and load");
            return Optional.empty();
        }
        reader.findSecrets(root, "");
        reader.unknownKeys(root, "", TOP_KEYS);
        String name = reader.text(root, "name", "", true);
        if (name != null && !NAME.matcher(name).matches()) {
            reader.problem("name", "'" + name + "' is not a valid name: use lowercase letters, digits and _"
                    + " ([a-z0-9_]+)");
        }
        String version = reader.text(root, "version", "", false);
        String description = reader.text(root, "description", "", false);
        List<Variable> vars = new VarsReader(reader).read(root);
        Variables values = Variables.of(vars);

        StepIds ids = new StepIds(reader);
        StepReferences reads = new StepReferences(reader, ids, values);
        CheckReader checks = new CheckReader(reader);
        ExtractStepReader extractReader = new ExtractStepReader(reader, ids, connectorTypes, dialects, values);
        List<ExtractStep> extracts = new ArrayList<>();
        JsonNode extractList = reader.list(root, "extract");
        for (int i = 0; i < extractList.size(); i++) {
            ExtractStep e = extractReader.read(extractList.get(i), "extract[" + i + "]");
            List<Check> declared = checks.read(extractList.get(i), "extract[" + i + "]",
                    e == null ? List.of() : declaredColumns(e));
            addIfPresent(extracts, e == null ? null : e.withChecks(declared));
        }
        TransformStepReader transformReader = new TransformStepReader(reader, ids);
        List<TransformStep> transforms = new ArrayList<>();
        JsonNode transformList = reader.list(root, "transform");
        for (int i = 0; i < transformList.size(); i++) {
            TransformStep t = transformReader.read(transformList.get(i), "transform[" + i + "]");
            List<Check> declared = checks.read(transformList.get(i), "transform[" + i + "]", List.of());
            addIfPresent(transforms, t == null ? null : t.withChecks(declared));
        }
        if (extractList.isEmpty() && transformList.isEmpty() && root.has("load")) {
            reader.problem("", "a pipeline needs at least one extract (or transform) step to load from");
        }
        reads.checkTransforms(extracts, transforms);

        LoadStepReader loadReader = new LoadStepReader(reader, ids, reads, connectorTypes, values);
        List<LoadStep> loads = new ArrayList<>();
        JsonNode loadList = reader.list(root, "load");
        if (loadList.isEmpty()) {
            reader.problem(root.has("load") ? "load" : "", "a pipeline needs at least one load step");
        }
        for (int i = 0; i < loadList.size(); i++) {
            LoadStep l = loadReader.read(loadList.get(i), "load[" + i + "]", extracts, transforms);
            List<Check> declared = checks.read(loadList.get(i), "load[" + i + "]", l == null ? List.of()
                    : extracts.stream().filter(e -> e.id().equals(l.from())).findFirst()
                            .map(PipelineCheck::declaredColumns).orElse(List.of()));
            addIfPresent(loads, l == null ? null : l.withChecks(declared));
        }
        checkIncrementalLoads(reader, reads, extracts, loads);
        Set<String> tables = new HashSet<>();
        extracts.forEach(e -> tables.add(e.id()));
        transforms.forEach(t -> tables.add(t.id()));
        checks.checkSql(tables);
        if (reader.hasProblems()) {
            return Optional.empty();
        }
        return Optional.of(new Pipeline(name, version, description, extracts, transforms, loads, vars));
    }

    /**
     * A database table replaced by each run of an incremental extract would keep only the last
     * run's rows: refused, naming the load. Files may be replaced (a file is the run's output).
     */
    private static void checkIncrementalLoads(NodeReader reader, StepReferences reads, List<ExtractStep> extracts,
            List<LoadStep> loads) {
        Set<String> incremental = new HashSet<>();
        extracts.stream().filter(e -> e.incremental().isPresent()).forEach(e -> incremental.add(e.id()));
        if (incremental.isEmpty()) {
            return;
        }
        for (int i = 0; i < loads.size(); i++) {
            LoadStep l = loads.get(i);
            if (!l.target().isFile() && l.mode() == io.osiris.api.connector.WriteMode.REPLACE
                    && reads.derivesFrom(l.from(), incremental)) {
                reader.problem("load[" + i + "].mode", "load '" + l.id() + "' replaces table '" + l.table()
                        + "' with rows of an incremental extract, so it would hold only each run's new rows;"
                        + " use mode: upsert with primary_key (or append)");
            }
        }
    }

    /** The columns an extract's file names (a table read with {@code columns}); empty when only a run knows. */
    private static List<String> declaredColumns(ExtractStep e) {
        return e.extraction() instanceof Extraction.Table t ? t.columns() : List.of();
    }

    private static <T> void addIfPresent(List<T> steps, T step) {
        if (step != null) {
            steps.add(step);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
