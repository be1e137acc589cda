package io.osiris.llm.agent;

import io.osiris.core.write.PlannedWrite;
import io.osiris.llm.agent.Evidence.Cost;
import io.osiris.llm.agent.Evidence.Finding;
import io.osiris.llm.agent.Evidence.Output;
import io.osiris.llm.agent.Evidence.RowCount;
import io.osiris.llm.agent.Evidence.TypeChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Evidence} as a JSON tree: what the session keeps, and what {@code --json} prints. Field
 * names are snake_case like the rest of the tool contract; reading is lenient, so a field added
 * later leaves older sessions readable.
 */
public final class EvidenceCodec {
    private EvidenceCodec() {
    }

    /** The evidence as maps, lists, strings, numbers and booleans. */
    public static Map<String, Object> write(Evidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        Output o = e.output();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("load", o.load());
        output.put("columns", o.columns());
        output.put("rows", o.rows());
        output.put("total_rows", o.total());
        output.put("exact", o.exact());
        output.put("note", o.note());
        m.put("output", output);
        m.put("row_counts", e.counts().stream().map(c -> map("step", c.step(), "estimated", c.estimated(),
                "previewed", c.previewed(), "note", c.note())).toList());
        m.put("types", e.types().stream().map(t -> map("load", t.load(), "column", t.column(), "source", t.source(),
                "target", t.target(), "lossy", t.lossy())).toList());
        m.put("sensitive_columns", e.sensitive());
        m.put("writes", e.writes().stream().map(w -> map("step", w.step(), "target", w.target(), "mode", w.mode(),
                "exists", w.exists(), "rows_now", w.rowsNow(), "source_connection", w.sourceConnection(),
                "read_by_pipeline", w.readByPipeline(), "note", w.note())).toList());
        m.put("findings", e.findings().stream().map(f -> map("kind", f.kind(), "step", f.step(),
                "message", f.message())).toList());
        m.put("cost", map("model_calls", e.cost().modelCalls(), "input_tokens", e.cost().inputTokens(),
                "output_tokens", e.cost().outputTokens()));
        return m;
    }

    /** Evidence read back from {@link #write}. */
    @SuppressWarnings("unchecked")
    public static Evidence read(Map<String, Object> m) {
        Map<String, Object> o = (Map<String, Object>) m.getOrDefault("output", Map.of());
        Output output = new Output(text(o, "load"), strings(o.get("columns")),
                (List<List<Object>>) o.getOrDefault("rows", List.of()), number(o, "total_rows", -1),
                Boolean.TRUE.equals(o.get("exact")), text(o, "note"));
        List<RowCount> counts = new ArrayList<>();
        for (Map<String, Object> c : maps(m.get("row_counts"))) {
            counts.add(new RowCount(text(c, "step"), number(c, "estimated", -1), number(c, "previewed", -1),
                    text(c, "note")));
        }
        List<TypeChange> types = new ArrayList<>();
        for (Map<String, Object> t : maps(m.get("types"))) {
            types.add(new TypeChange(text(t, "load"), text(t, "column"), text(t, "source"), text(t, "target"),
                    text(t, "lossy")));
        }
        List<PlannedWrite> writes = new ArrayList<>();
        for (Map<String, Object> w : maps(m.get("writes"))) {
            writes.add(new PlannedWrite(text(w, "step"), text(w, "target"), text(w, "mode"),
                    Boolean.TRUE.equals(w.get("exists")), number(w, "rows_now", -1),
                    Boolean.TRUE.equals(w.get("source_connection")), Boolean.TRUE.equals(w.get("read_by_pipeline")),
                    text(w, "note")));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map<String, Object> f : maps(m.get("findings"))) {
            findings.add(new Finding(text(f, "kind"), text(f, "step"), text(f, "message")));
        }
        Map<String, Object> c = (Map<String, Object>) m.getOrDefault("cost", Map.of());
        Cost cost = new Cost((int) number(c, "model_calls", 0), number(c, "input_tokens", 0),
                number(c, "output_tokens", 0));
        return new Evidence(output, counts, types, strings(m.get("sensitive_columns")), writes, findings, cost);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> list = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.stream().filter(Map.class::isInstance).forEach(x -> list.add((Map<String, Object>) x));
        }
        return list;
    }

    private static List<String> strings(Object value) {
        List<String> list = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(x -> list.add(String.valueOf(x)));
        }
        return list;
    }

    private static long number(Map<String, Object> m, String key, long otherwise) {
        return m.get(key) instanceof Number n ? n.longValue() : otherwise;
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
