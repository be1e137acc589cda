/** Parameterised pipeline templates, the no-LLM path from a sentence to a pipeline. */
package io.osiris.api.template;
