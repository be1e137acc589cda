/**
 * The {@code openai} and {@code gemini} LLM providers on the official openai-java SDK (Chat Completions
 * with tools), which also reaches every OpenAI-compatible server through {@code base_url}.
 */
package io.osiris.llm.provider.openai;
