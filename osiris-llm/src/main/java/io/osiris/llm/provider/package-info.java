/**
 * LLM providers: the provider-neutral retry and fallback policy ({@link io.osiris.llm.provider.FallbackChatModel},
 * {@link io.osiris.llm.provider.RetryPolicy}) around one {@link io.osiris.llm.provider.ModelClient} per wire format
 * ({@code openai}, {@code anthropic}). The public types here are shared by those subpackages; they are not part of
 * the Osiris SPI, which is {@code io.osiris.api.llm}.
 */
package io.osiris.llm.provider;
