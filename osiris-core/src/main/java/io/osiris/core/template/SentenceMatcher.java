package io.osiris.core.template;

import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateMatch;
import io.osiris.core.discovery.DiscoveryService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a sentence against the templates without an LLM: keywords choose candidate
 * templates, the discovered schema (table and column names, split at {@code _}, compared after
 * light stemming, plus a few synonyms such as "gross" for box office) fills their parameters,
 * and the template whose keywords and filled parameters fit best wins.
 */
final class SentenceMatcher {
    private final List<TemplateSpec> specs;
    private final DiscoveryService discovery;

    SentenceMatcher(List<TemplateSpec> specs, DiscoveryService discovery) {
        this.specs = specs;
        this.discovery = discovery;
    }

    Optional<TemplateMatch> match(String sentence) {
        Sentence s = Sentence.parse(sentence);
        if (s.tokens().isEmpty()) {
            return Optional.empty();
        }
        SchemaMentions mentions = SchemaMentions.find(s, discovery);
        TemplateMatch best = null;
        double bestScore = 0;
        for (TemplateSpec spec : specs) {
            double keywords = keywordScore(spec, s);
            if (keywords == 0) {
                continue;
            }
            Map<String, Object> params = mentions.info().isEmpty() ? new LinkedHashMap<>()
                    : ParameterFiller.fill(spec.name(), mentions);
            if (mentions.table().isPresent()) {
                params.putIfAbsent("table", mentions.table().get());
                params = reorder(spec.template(), params);
            }
            List<String> missing = TemplateEngine.missing(spec.template(), params);
            long required = spec.template().parameters().stream().filter(p -> p.required()).count();
            double filled = required == 0 ? 1 : (double) (required - missing.size()) / required;
            // Filled parameters weigh more than keywords: a sentence that names the schema is understood.
            double score = Math.min(1.0, 0.15 * keywords) * 0.4 + filled * 0.6;
            if (score > bestScore) {
                bestScore = score;
                best = new TemplateMatch(spec.template(), params, Math.round(score * 100) / 100.0, missing);
            }
        }
        return Optional.ofNullable(best);
    }

    private static double keywordScore(TemplateSpec spec, Sentence s) {
        double score = 0;
        for (String keyword : spec.keywords()) {
            List<String> words = List.of(keyword.split(" "));
            if (s.findRaw(words)) {
                score += words.size() == 1 ? 1 : 2.5;
            }
        }
        return score;
    }

    private static Map<String, Object> reorder(Template template, Map<String, Object> params) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        template.parameters().forEach(p -> {
            if (params.containsKey(p.name())) {
                ordered.put(p.name(), params.get(p.name()));
            }
        });
        return ordered;
    }

    /** A name's parts, stemmed, as {@link Vocabulary#parts} gives them. */
    static List<String> parts(String name, boolean dropUnits) {
        return Vocabulary.parts(name, dropUnits);
    }

    /** A word's stem, as {@link Vocabulary#stem} gives it. */
    static String stem(String word) {
        return Vocabulary.stem(word);
    }
}
