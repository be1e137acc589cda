/** The {@code anthropic} LLM provider on the official anthropic-java SDK (Messages API with tools). */
package io.osiris.llm.provider.anthropic;
