package io.osiris.core.write;

import static java.util.Objects.requireNonNull;

/**
 * One write a pipeline would make, as a person approving it must see it.
 *
 * @param step             the load step id
 * @param target           where: a file as written in the pipeline, or {@code TYPE.CONNECTION table}
 * @param mode             {@code append}, {@code replace}, {@code upsert}, or {@code write} for a file
 * @param exists           whether the file or table is there already
 * @param rowsNow          the table's estimated rows, or the file's bytes; -1 when unknown
 * @param sourceConnection whether the target is a connection the pipeline also reads from
 * @param readByPipeline   whether the pipeline reads the very table or file it writes
 * @param note             why existence is unknown, or empty
 */
public record PlannedWrite(String step, String target, String mode, boolean exists, long rowsNow,
        boolean sourceConnection, boolean readByPipeline, String note) {
    public PlannedWrite {
        requireNonNull(step, "step");
        requireNonNull(target, "target");
        requireNonNull(mode, "mode");
        requireNonNull(note, "note");
    }

    /** Whether approving destroys data that is there now: replacing an existing file or table. */
    public boolean destroys() {
        return exists && (mode.equals("replace") || mode.equals("write") || mode.equals("delete_insert"));
    }

    /** One line for a person: what happens to what is there now. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        line.append(destroys() || sourceConnection ? "! " : "  ").append(target).append("  [").append(mode).append("]  ");
        boolean file = mode.equals("write");
        if (!note.isEmpty()) {
            line.append("existence unknown (").append(note).append(')');
        } else if (mode.equals("append part")) {
            line.append("a new part file; earlier parts stay");
        } else if (!exists) {
            line.append(file ? "new file" : "new table");
        } else if (file) {
            line.append("REPLACES the existing file").append(rowsNow >= 0 ? " (" + rowsNow + " bytes)" : "");
        } else {
            String rows = rowsNow >= 0 ? " (~" + rowsNow + " rows)" : "";
            line.append(switch (mode) {
                case "replace" -> "EMPTIES the existing table" + rows + " and fills it anew";
                case "upsert" -> "updates rows of the existing table" + rows + " by key, adds the rest";
                case "delete_insert" -> "DELETES the rows of the existing table" + rows + " whose key or partition"
                        + " arrives, then adds the new rows";
                default -> "adds rows to the existing table" + rows;
            });
        }
        if (sourceConnection) {
            line.append("; on a SOURCE connection");
        }
        if (readByPipeline) {
            line.append("; this pipeline READS it too");
        }
        return line.toString();
    }
}
