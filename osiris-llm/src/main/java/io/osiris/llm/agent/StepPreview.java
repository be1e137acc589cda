package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.TableInfo;
import java.util.List;

/**
 * What one extract of a proposal reads, shown to the person before approval.
 *
 * @param stepId  the extract step id
 * @param source  the source as {@code TYPE.NAME} (or {@code TYPE:PATH})
 * @param sql     the extraction SQL (a table extraction rendered as a SELECT)
 * @param columns the columns it yields
 * @param rows    the first rows, values made portable (strings, numbers, booleans, null); empty when
 *                sample data is off
 * @param note    why rows are missing, or empty
 */
public record StepPreview(String stepId, String source, String sql, List<String> columns, List<List<Object>> rows,
        String note) {
    public StepPreview {
        requireNonNull(stepId, "stepId");
        requireNonNull(source, "source");
        requireNonNull(sql, "sql");
        requireNonNull(note, "note");
        columns = List.copyOf(columns);
        rows = TableInfo.copyRows(rows);
    }
}
