/** The LLM provider SPI: chat with tool calls, provider-neutral. */
package io.osiris.api.llm;
