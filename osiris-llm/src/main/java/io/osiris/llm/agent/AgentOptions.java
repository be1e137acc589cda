package io.osiris.llm.agent;

import java.time.Duration;

/**
 * Limits and modes of a {@link ChatAgent}.
 *
 * @param fast                 tell the model to assume sensible defaults instead of asking questions
 * @param sampleData           whether row values may reach the model ({@code discovery.sample_data}); when
 *                             false only schemas do: {@code describe_table} has no sample rows,
 *                             {@code sample_rows} is refused and {@code preview_query} returns columns only
 * @param maxToolRounds        model calls one turn may make before it is stopped
 * @param maxInvalidProposals  invalid {@code propose_pipeline} calls one turn may make
 * @param maxResultChars       the longest tool result sent back (about 4 characters a token); longer
 *                             results are cut with a note
 * @param maxTablesInPrompt    table names listed in the system prompt; the model lists the rest on demand
 * @param previewRows          rows shown per extract when a proposal is presented
 * @param turnTimeout          how long one turn may take ({@code limits.turn_timeout}); past it the turn
 *                             stops at its next step, answers what is pending and says so; zero for none
 * @param promptBudgetTokens   the most tokens one request to the model may take ({@code limits.prompt_budget_tokens},
 *                             counted as in {@link TokenBudget}): the schema in the system prompt is ranked
 *                             and cut to fit, history and tool results are compacted to fit
 */
public record AgentOptions(boolean fast, boolean sampleData, int maxToolRounds, int maxInvalidProposals,
        int maxResultChars, int maxTablesInPrompt, int previewRows, Duration turnTimeout, int promptBudgetTokens) {

    /**
     * Defaults: ask when unsure, samples on, 12 rounds, 3 invalid proposals, 16 000 characters, 200 tables,
     * 10 rows, 5 minutes a turn, 8000 tokens a request.
     */
    public static final AgentOptions DEFAULT = new AgentOptions(false, true, 12, 3, 16_000, 200, 10,
            Duration.ofMinutes(5), 8_000);
    /** The smallest prompt budget: the instructions and tool specs alone take about 2000 tokens. */
    public static final int MIN_PROMPT_BUDGET = 2_000;

    public AgentOptions {
        if (maxToolRounds < 1 || maxInvalidProposals < 1 || maxResultChars < 1_000 || maxTablesInPrompt < 0
                || previewRows < 0 || turnTimeout == null || turnTimeout.isNegative()
                || promptBudgetTokens < MIN_PROMPT_BUDGET) {
            throw new IllegalArgumentException("agent limits out of range: rounds >= 1, invalid proposals >= 1, "
                    + "result chars >= 1000, tables >= 0, preview rows >= 0, a turn timeout >= 0, "
                    + "a prompt budget >= " + MIN_PROMPT_BUDGET + " tokens");
        }
    }

    /** These options in fast mode or not. */
    public AgentOptions withFast(boolean value) {
        return new AgentOptions(value, sampleData, maxToolRounds, maxInvalidProposals, maxResultChars,
                maxTablesInPrompt, previewRows, turnTimeout, promptBudgetTokens);
    }

    /** These options with sample data allowed or not. */
    public AgentOptions withSampleData(boolean value) {
        return new AgentOptions(fast, value, maxToolRounds, maxInvalidProposals, maxResultChars,
                maxTablesInPrompt, previewRows, turnTimeout, promptBudgetTokens);
    }

    /** These options with another tool-result budget. */
    public AgentOptions withMaxResultChars(int value) {
        return new AgentOptions(fast, sampleData, maxToolRounds, maxInvalidProposals, value, maxTablesInPrompt,
                previewRows, turnTimeout, promptBudgetTokens);
    }

    /** These options with another cap on table names in the system prompt. */
    public AgentOptions withMaxTablesInPrompt(int value) {
        return new AgentOptions(fast, sampleData, maxToolRounds, maxInvalidProposals, maxResultChars, value,
                previewRows, turnTimeout, promptBudgetTokens);
    }

    /** These options with another bound on tool rounds. */
    public AgentOptions withMaxToolRounds(int value) {
        return new AgentOptions(fast, sampleData, value, maxInvalidProposals, maxResultChars, maxTablesInPrompt,
                previewRows, turnTimeout, promptBudgetTokens);
    }

    /** These options with another time limit per turn. */
    public AgentOptions withTurnTimeout(Duration value) {
        return new AgentOptions(fast, sampleData, maxToolRounds, maxInvalidProposals, maxResultChars,
                maxTablesInPrompt, previewRows, value, promptBudgetTokens);
    }

    /** These options with another prompt budget, in tokens. */
    public AgentOptions withPromptBudgetTokens(int value) {
        return new AgentOptions(fast, sampleData, maxToolRounds, maxInvalidProposals, maxResultChars,
                maxTablesInPrompt, previewRows, turnTimeout, value);
    }
}
