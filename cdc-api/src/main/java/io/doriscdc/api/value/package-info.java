/**
 * Row values: a lazy, zero-copy {@link io.doriscdc.api.value.Row} view and a materialised {@link io.doriscdc.api.value.ObjectRow}.
 */
package io.doriscdc.api.value;
