/**
 * Change events as a sealed hierarchy: inserts, updates, deletes, truncates and transaction boundaries.
 */
package io.doriscdc.api.event;
