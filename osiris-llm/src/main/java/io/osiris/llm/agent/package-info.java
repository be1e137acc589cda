/**
 * The conversational agent: {@link io.osiris.llm.agent.ChatAgent} drives a chat model through
 * the tool contract ({@code list_tables}, {@code describe_table}, {@code sample_rows},
 * {@code preview_query}, {@code propose_pipeline}), {@link io.osiris.llm.agent.AgentSession}
 * keeps conversations in the state store, and {@link io.osiris.llm.agent.PipelineProposals}
 * checks and saves proposed pipelines until a person approves them.
 */
package io.osiris.llm.agent;
