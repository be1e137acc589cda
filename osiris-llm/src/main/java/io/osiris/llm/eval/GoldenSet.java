package io.osiris.llm.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.osiris.api.ConfigurationException;
import io.osiris.api.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Questions about one source with their right answers, to measure an agent on: a YAML file
 * of {@code name}, {@code source: TYPE[.NAME]} and {@code questions}, each with an {@code id},
 * the {@code question}, and either a reference {@code sql} or the expected {@code rows};
 * {@code ordered: true} when the question asks for an order.
 *
 * @param name       the set's name
 * @param sourceType the connector type the questions are about
 * @param connection the connection name ({@code default} when the source names none)
 * @param questions  the questions, in file order
 */
public record GoldenSet(String name, String sourceType, String connection, List<Question> questions) {
    public GoldenSet {
        requireNonNull(name, "name");
        requireNonNull(sourceType, "sourceType");
        requireNonNull(connection, "connection");
        questions = List.copyOf(questions);
    }

    /**
     * One question and its right answer.
     *
     * @param id       unique within the set
     * @param question what a person would ask
     * @param sql      the reference query, when the answer is given as one
     * @param rows     the expected rows, when given as values
     * @param ordered  whether the order of the rows is part of the answer
     */
    public record Question(String id, String question, Optional<String> sql, Optional<List<List<Object>>> rows,
            boolean ordered) {
        public Question {
            requireNonNull(id, "id");
            requireNonNull(question, "question");
            requireNonNull(sql, "sql");
            rows = rows.map(List::copyOf);
            if (sql.isPresent() == rows.isPresent()) {
                throw new IllegalArgumentException("question " + id + " needs exactly one of sql and rows");
            }
        }
    }

    /** The same questions about another source ({@code TYPE} or {@code TYPE.NAME}). */
    public GoldenSet on(String source) {
        String[] parts = splitSource(source, "the source");
        return new GoldenSet(name, parts[0], parts[1], questions);
    }

    /**
     * Reads a set.
     *
     * @throws ConfigurationException naming the file, and the line or question, of what is wrong
     */
    public static GoldenSet read(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read golden set " + file + ": " + e.getMessage(), e);
        }
        return parse(yaml, file.toString());
    }

    /**
     * Parses a set from YAML text; {@code origin} names it in messages.
     *
     * @throws ConfigurationException naming the line or question of what is wrong
     */
    public static GoldenSet parse(String yaml, String origin) {
        FileForm form;
        try {
            form = MAPPER.readValue(yaml, FileForm.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String where = e.getPath().stream().filter(r -> r.getIndex() >= 0).findFirst()
                    .map(r -> " question " + (r.getIndex() + 1)).orElse("");
            throw new ConfigurationException(origin + ":" + where + " unknown key '" + e.getPropertyName() + "'"
                    + Suggestions.didYouMean(e.getPropertyName(), known) + ". Known keys: " + String.join(", ", known)
                    + ".", e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigurationException(origin + where + ": " + e.getOriginalMessage().lines().findFirst()
                    .orElse("not a golden set") + ". A golden set has name, source and questions"
                    + " [{id, question, sql | rows, ordered}].", e);
        }
        if (form == null || blank(form.name) || blank(form.source)) {
            throw new ConfigurationException(origin + ": a golden set needs a name and a source (TYPE or TYPE.NAME).");
        }
        if (form.questions == null || form.questions.isEmpty()) {
            throw new ConfigurationException(origin + ": the set has no questions.");
        }
        String[] source = splitSource(form.source, origin + ": source");
        List<Question> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < form.questions.size(); i++) {
            QuestionForm q = form.questions.get(i);
            String where = origin + ": question " + (i + 1) + (q == null || blank(q.id) ? "" : " (" + q.id + ")");
            if (q == null || blank(q.id) || blank(q.question)) {
                throw new ConfigurationException(where + " needs an id and a question.");
            }
            if (!ids.add(q.id)) {
                throw new ConfigurationException(where + ": the id is used twice.");
            }
            if (blank(q.sql) == (q.rows == null)) {
                throw new ConfigurationException(where + " needs exactly one of sql (a reference query) and rows.");
            }
            questions.add(new Question(q.id, q.question.strip(), blank(q.sql) ? Optional.empty()
                    : Optional.of(q.sql.strip()), Optional.ofNullable(q.rows), Boolean.TRUE.equals(q.ordered)));
        }
        return new GoldenSet(form.name, source[0], source[1], questions);
    }

    private static String[] splitSource(String source, String what) {
        String text = source.strip();
        int dot = text.indexOf('.');
        String type = dot < 0 ? text : text.substring(0, dot);
        String name = dot < 0 ? "default" : text.substring(dot + 1);
        if (type.isEmpty() || name.isEmpty()) {
            throw new ConfigurationException(what + " '" + source + "' is not TYPE or TYPE.NAME.");
        }
        return new String[] {type, name};
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file as written; checked into a {@link GoldenSet} by {@link #parse}. */
    private record FileForm(String name, String source, List<QuestionForm> questions) {
    }

    private record QuestionForm(String id, String question, String sql, List<List<Object>> rows, Boolean ordered) {
    }
}
