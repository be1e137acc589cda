package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.core.pipeline.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The docs say what the code does: the format reference against the JSON Schema, examples that validate. */
class DocsTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Pattern SECTION = Pattern.compile("^## (.+)$", Pattern.MULTILINE);
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_]+)` \\|", Pattern.MULTILINE);

    @Test
    void theFormatReferenceListsExactlyTheKeysOfTheJsonSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Pipelines.jsonSchema());
        Map<String, Set<String>> documented = keysBySection(Files.readString(DOCS.resolve("pipeline-format.md")));

        assertThat(documented.get("Top level")).isEqualTo(names(schema.path("properties")));
        assertThat(documented.get("`extract` steps")).isEqualTo(names(schema.at("/$defs/extract/properties")));
        assertThat(documented.get("`transform` steps")).isEqualTo(names(schema.at("/$defs/transform/properties")));
        assertThat(documented.get("`load` steps")).isEqualTo(names(schema.at("/$defs/load/properties")));
    }

    @Test
    void everyPipelineInTheDocsValidates() throws IOException {
        List<Path> pages;
        try (var files = Files.list(DOCS)) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        int checked = 0;
        for (Path page : pages) {
            for (String yaml : yamlBlocks(Files.readString(page))) {
                if (yaml.startsWith("# osiris-pipeline-v2")) {
                    assertThat(Pipelines.parser().problems(yaml, page.getFileName().toString()))
                            .as("pipeline in %s", page).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
    }

    /**
     * Every class the architecture page names exists: a name like {@code PlanExecutor} is the file
     * name of a class in one of the modules (the page is kept true as the code moves).
     */
    @Test
    void everyClassTheArchitecturePageNamesExists() throws IOException {
        Set<String> classes = new TreeSet<>();
        try (var files = Files.walk(Path.of(".."))) {
            files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("src"))
                    .forEach(f -> classes.add(f.getFileName().toString().replace(".java", "")));
        }
        // Names from outside the project that the page mentions.
        Set<String> external = Set.of("JSqlParser", "ServiceLoader", "DuckDB", "PostgreSQL", "MySQL", "MariaDB",
                "JUnit", "AssertJ");
        Matcher name = Pattern.compile("\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\\b")
                .matcher(Files.readString(DOCS.resolve("architecture.md")));
        Set<String> missing = new TreeSet<>();
        while (name.find()) {
            String n = name.group();
            if (!classes.contains(n) && !external.contains(n)) {
                missing.add(n);
            }
        }
        assertThat(missing).as("names in docs/architecture.md with no class").isEmpty();
    }

    private static Map<String, Set<String>> keysBySection(String markdown) {
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        Matcher heading = SECTION.matcher(markdown);
        List<Integer> starts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        while (heading.find()) {
            titles.add(heading.group(1));
            starts.add(heading.end());
        }
        for (int i = 0; i < titles.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : markdown.length();
            Matcher row = KEY_ROW.matcher(markdown.substring(starts.get(i), end));
            Set<String> keys = new TreeSet<>();
            while (row.find()) {
                keys.add(row.group(1));
            }
            sections.put(titles.get(i), keys);
        }
        return sections;
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static List<String> yamlBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
