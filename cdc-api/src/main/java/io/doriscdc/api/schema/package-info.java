/**
 * The column and type model of replicated tables, as the decoder produces it and transports consume it.
 */
package io.doriscdc.api.schema;
