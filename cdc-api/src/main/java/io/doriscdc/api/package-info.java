/**
 * The doris-cdc vocabulary: LSNs, table identifiers, identifier quoting, the exception hierarchy and the pipeline listener. This module depends on the JDK only.
 */
package io.doriscdc.api;
