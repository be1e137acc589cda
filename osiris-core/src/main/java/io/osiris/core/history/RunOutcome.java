package io.osiris.core.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run ended. */
public enum RunOutcome {
    /** Every step ran and every target committed. */
    SUCCEEDED,
    /** A step failed; the error says which. */
    FAILED,
    /** The run was cancelled (Ctrl-C, {@code PipelineRunner.cancel()}). */
    CANCELLED,
    /** A data check failed, so no load ran. */
    CHECK_FAILED;

    /** The outcome as history shows and stores it: {@code succeeded}, {@code check_failed}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
