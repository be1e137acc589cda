/**
 * The Osiris service-provider interface: what connector and LLM provider authors implement,
 * the values that cross between Osiris modules, and the one exception hierarchy rooted at
 * {@link io.osiris.api.OsirisException}. This module depends on nothing but the JDK.
 */
package io.osiris.api;
