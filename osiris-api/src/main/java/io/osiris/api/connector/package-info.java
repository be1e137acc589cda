/**
 * The connector SPI: a {@link io.osiris.api.connector.ConnectorProvider} found through
 * {@link java.util.ServiceLoader} opens a {@link io.osiris.api.connector.Connector}, which hands
 * out {@link io.osiris.api.connector.IDiscovery}, {@link io.osiris.api.connector.IExtractor}
 * and {@link io.osiris.api.connector.ILoader}.
 */
package io.osiris.api.connector;
