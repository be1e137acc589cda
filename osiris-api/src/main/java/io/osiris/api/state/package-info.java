/** Durable, namespaced session state. */
package io.osiris.api.state;
