/**
 * Implementation of the Stream Load transport: encoders (JSON lines, CSV), the HTTP client with manual
 * FE redirects, response classification, two-phase commit, retries and the FE SQL endpoint. Not an API.
 */
package io.doriscdc.streamload.internal;
