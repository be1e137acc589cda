package io.osiris.llm.agent;

/** What one tool call answered: compact JSON, and whether it is an error for the model to act on. */
record ToolOutcome(String content, boolean isError) {
}
