/**
 * Implementation of the decoder: the bounds-checked message reader, the lazy row and the value
 * codecs (text parsing, binary → PostgreSQL text rendering). Not an API: may change at any time.
 */
package io.doriscdc.pgoutput.internal;
